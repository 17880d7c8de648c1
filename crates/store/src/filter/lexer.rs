//! Splits a filter into tokens, lazily, so that errors come out left to right.

use super::FilterError;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
    /// A bare word: a field name, a keyword (`AND`, `OR`, `NOT`), an unquoted value or number.
    Word(String),
    /// A double-quoted string, escapes resolved.
    Str(String),
    /// A run of operator characters (`=`, `!=`, `>=`, but also `==` or `~`, refused later).
    Op(String),
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `-` as prefix negation.
    Minus,
    /// End of input.
    Eof,
}

/// A token and the 1-based character column where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    pub tok: Tok,
    pub col: usize,
}

impl Token {
    /// Whether this is the bare keyword `kw` (keywords are upper-case; a quoted "AND" is a value).
    pub fn is_keyword(&self, kw: &str) -> bool {
        matches!(&self.tok, Tok::Word(w) if w == kw)
    }

    /// How to name the token in an error message.
    pub fn describe(&self) -> String {
        match &self.tok {
            Tok::Word(w) => format!("'{w}'"),
            Tok::Str(_) => "a quoted string".to_owned(),
            Tok::Op(op) => format!("'{op}'"),
            Tok::LParen => "'('".to_owned(),
            Tok::RParen => "')'".to_owned(),
            Tok::Minus => "'-'".to_owned(),
            Tok::Eof => "the end of the filter".to_owned(),
        }
    }
}

fn is_op_char(c: char) -> bool {
    matches!(c, '=' | '!' | '<' | '>' | ':' | '~')
}

/// Characters that end a bare word.
fn is_special(c: char) -> bool {
    c.is_whitespace() || is_op_char(c) || matches!(c, '(' | ')' | '"' | '\'')
}

/// The tokenizer.
pub(super) struct Lexer {
    chars: Vec<char>,
    pos: usize,
    /// The last token was an operator, so a `-` starts a (negative) value, not a negation.
    after_op: bool,
}

impl Lexer {
    pub fn new(input: &str) -> Self {
        Self {
            chars: input.chars().collect(),
            pos: 0,
            after_op: false,
        }
    }

    fn error(col: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            column: col,
            message: message.into(),
        }
    }

    /// The next token; [`Tok::Eof`] (at the column after the last character) forever at the end.
    pub fn next_token(&mut self) -> Result<Token, FilterError> {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
        let start = self.pos;
        let col = start + 1;
        let Some(&c) = self.chars.get(start) else {
            return Ok(Token { tok: Tok::Eof, col });
        };
        let after_op = std::mem::replace(&mut self.after_op, false);
        let tok = match c {
            '(' => {
                self.pos += 1;
                Tok::LParen
            }
            ')' => {
                self.pos += 1;
                Tok::RParen
            }
            '"' => Tok::Str(self.string(col)?),
            '\'' => {
                return Err(Self::error(
                    col,
                    "single quotes do not delimit strings; use double quotes",
                ));
            }
            c if is_op_char(c) => {
                while self.chars.get(self.pos).is_some_and(|&c| is_op_char(c)) {
                    self.pos += 1;
                }
                self.after_op = true;
                Tok::Op(self.chars[start..self.pos].iter().collect())
            }
            '-' if !after_op || self.chars.get(start + 1).is_none_or(|&c| is_special(c)) => {
                self.pos += 1;
                Tok::Minus
            }
            _ => {
                self.pos += 1;
                while self.chars.get(self.pos).is_some_and(|&c| !is_special(c)) {
                    self.pos += 1;
                }
                Tok::Word(self.chars[start..self.pos].iter().collect())
            }
        };
        Ok(Token { tok, col })
    }

    /// A double-quoted string starting at `self.pos` (column `col`), with `\"` and `\\` escapes.
    fn string(&mut self, col: usize) -> Result<String, FilterError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.chars.get(self.pos) {
                None => return Err(Self::error(col, "unterminated string")),
                Some('"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some('\\') => match self.chars.get(self.pos + 1) {
                    Some(&e @ ('"' | '\\')) => {
                        out.push(e);
                        self.pos += 2;
                    }
                    None => return Err(Self::error(col, "unterminated string")),
                    Some(other) => {
                        return Err(Self::error(
                            self.pos + 1,
                            format!("unknown escape '\\{other}' (only \\\" and \\\\ are escapes)"),
                        ));
                    }
                },
                Some(&c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(input: &str) -> Result<Vec<(Tok, usize)>, FilterError> {
        let mut lexer = Lexer::new(input);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token()?;
            if t.tok == Tok::Eof {
                out.push((t.tok, t.col));
                return Ok(out);
            }
            out.push((t.tok, t.col));
        }
    }

    fn word(w: &str) -> Tok {
        Tok::Word(w.to_owned())
    }

    #[test]
    fn tokens_and_columns() {
        let toks = lex(r#"-state="A\"b\\" AND (x>=-5)"#).unwrap();
        assert_eq!(
            toks,
            vec![
                (Tok::Minus, 1),
                (word("state"), 2),
                (Tok::Op("=".into()), 7),
                (Tok::Str("A\"b\\".into()), 8),
                (word("AND"), 17),
                (Tok::LParen, 21),
                (word("x"), 22),
                (Tok::Op(">=".into()), 23),
                (word("-5"), 25),
                (Tok::RParen, 27),
                (Tok::Eof, 28),
            ]
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let toks = lex("name=\"ünï\" ü").unwrap();
        assert_eq!(toks[3], (word("ü"), 12));
        assert_eq!(toks[4], (Tok::Eof, 13));
    }

    #[test]
    fn operator_runs_and_minus() {
        assert_eq!(lex("a==b").unwrap()[1], (Tok::Op("==".into()), 2));
        assert_eq!(lex("a = - b").unwrap()[2], (Tok::Minus, 5));
        assert_eq!(lex("a = x-y").unwrap()[2], (word("x-y"), 5));
        assert_eq!(
            lex("- -a").unwrap()[..2],
            [(Tok::Minus, 1), (Tok::Minus, 3)]
        );
    }

    #[test]
    fn string_errors() {
        assert_eq!(lex(r#"a = "abc"#).unwrap_err().column, 5);
        assert_eq!(lex(r#"a = "abc\"#).unwrap_err().column, 5);
        assert_eq!(lex(r#"a = "ab\nc""#).unwrap_err().column, 8);
        assert_eq!(lex("a = 'x'").unwrap_err().column, 5);
    }
}
