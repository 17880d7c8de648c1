//! Recursive-descent parser: `OR` over `AND` (explicit or implicit) over `NOT`/`-` over clauses
//! and parenthesised groups.

use super::lexer::{Lexer, Tok, Token};
use super::{timestamp, Comparison, Expr, Field, FilterError, Op, Severity, Value, MAX_DEPTH};

pub(super) struct Parser {
    lexer: Lexer,
    peeked: Option<Token>,
    depth: usize,
}

fn error(column: usize, message: impl Into<String>) -> FilterError {
    FilterError {
        column,
        message: message.into(),
    }
}

/// Whether a condition can start with this token (strings and stray words included, so that
/// they are reported as what they are rather than as a dangling operator).
fn starts_condition(t: &Token) -> bool {
    match &t.tok {
        Tok::Word(w) => w != "AND" && w != "OR",
        Tok::Str(_) | Tok::Minus | Tok::LParen => true,
        Tok::Op(_) | Tok::RParen | Tok::Eof => false,
    }
}

impl Parser {
    pub fn new(input: &str) -> Self {
        Self {
            lexer: Lexer::new(input),
            peeked: None,
            depth: 0,
        }
    }

    fn peek(&mut self) -> Result<&Token, FilterError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        match &self.peeked {
            Some(t) => Ok(t),
            None => Err(error(1, "internal error: no token")),
        }
    }

    fn bump(&mut self) -> Result<Token, FilterError> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lexer.next_token(),
        }
    }

    /// The whole filter; `None` when it holds no tokens at all.
    pub fn parse_filter(&mut self) -> Result<Option<Expr>, FilterError> {
        if self.peek()?.tok == Tok::Eof {
            return Ok(None);
        }
        let expr = self.or_expr()?;
        let t = self.bump()?;
        match t.tok {
            Tok::Eof => Ok(Some(expr)),
            Tok::RParen => Err(error(t.col, "unmatched ')'")),
            _ => Err(error(t.col, format!("unexpected {}", t.describe()))),
        }
    }

    /// Checks that a condition follows the operator token `op` (`AND`, `OR`, `NOT`, `-`).
    fn operand_follows(&mut self, op: &Token, side: &str) -> Result<(), FilterError> {
        if starts_condition(self.peek()?) {
            Ok(())
        } else {
            Err(error(
                op.col,
                format!("{} needs a condition {side}", op.describe()),
            ))
        }
    }

    fn or_expr(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.and_expr()?];
        while self.peek()?.is_keyword("OR") {
            let op = self.bump()?;
            self.operand_follows(&op, "on its right")?;
            items.push(self.and_expr()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.unary()?];
        loop {
            let next = self.peek()?;
            if next.is_keyword("AND") {
                let op = self.bump()?;
                self.operand_follows(&op, "on its right")?;
            } else if !starts_condition(next) {
                break;
            }
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn enter(&mut self, col: usize) -> Result<(), FilterError> {
        if self.depth >= MAX_DEPTH {
            return Err(error(
                col,
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        let next = self.peek()?;
        if next.is_keyword("NOT") || next.tok == Tok::Minus {
            let op = self.bump()?;
            self.operand_follows(&op, "after it")?;
            self.enter(op.col)?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        let t = self.bump()?;
        match t.tok {
            Tok::LParen => {
                if self.peek()?.tok == Tok::RParen {
                    return Err(error(t.col, "empty parentheses"));
                }
                self.enter(t.col)?;
                let inner = self.or_expr()?;
                self.depth -= 1;
                let close = self.bump()?;
                match close.tok {
                    Tok::RParen => Ok(inner),
                    Tok::Eof => Err(error(t.col, "unclosed '('")),
                    _ => Err(error(
                        close.col,
                        format!("expected ')', found {}", close.describe()),
                    )),
                }
            }
            Tok::Word(ref w) if w == "AND" || w == "OR" => Err(error(
                t.col,
                format!("{} needs a condition on its left", t.describe()),
            )),
            Tok::Word(name) => self.clause(name, t.col),
            Tok::RParen => Err(error(t.col, "unmatched ')'")),
            _ => Err(error(
                t.col,
                format!("expected a field name, found {}", t.describe()),
            )),
        }
    }

    fn clause(&mut self, name: String, col: usize) -> Result<Expr, FilterError> {
        let field = Field::parse(&name, col)?;
        let op_tok = self.bump()?;
        let op = match &op_tok.tok {
            Tok::Op(raw) => Op::parse(raw).ok_or_else(|| {
                error(
                    op_tok.col,
                    format!("unknown operator '{raw}' (expected =, !=, :, <, <=, > or >=)"),
                )
            })?,
            _ => {
                return Err(error(
                    col,
                    format!(
                        "expected an operator (=, !=, :, <, <=, > or >=) after '{name}', found {}",
                        op_tok.describe()
                    ),
                ));
            }
        };
        if field.is_time() && op == Op::Has {
            return Err(error(
                op_tok.col,
                format!("':' does not apply to the timestamp '{name}'"),
            ));
        }
        if op.is_ordering() && !field.is_ordered() {
            return Err(error(
                op_tok.col,
                format!(
                    "'{name}' has no order, so '{}' does not apply (ordered fields: event_time, create_time, severity)",
                    op.as_str()
                ),
            ));
        }
        let value_tok = self.bump()?;
        let text = match value_tok.tok {
            Tok::Word(w) if !matches!(w.as_str(), "AND" | "OR" | "NOT") => w,
            Tok::Str(s) => s,
            _ => {
                return Err(error(
                    op_tok.col,
                    format!(
                        "'{}' needs a value, found {}",
                        op.as_str(),
                        value_tok.describe()
                    ),
                ));
            }
        };
        let value = if field.is_time() {
            Value::Time(time_value(&text, value_tok.col)?)
        } else if field == Field::Severity && op.is_ordering() {
            Value::Severity(Severity::parse(&text).ok_or_else(|| {
                error(
                    value_tok.col,
                    format!("'{text}' is not a severity (LOW, MEDIUM, HIGH or CRITICAL)"),
                )
            })?)
        } else {
            Value::Text(text)
        };
        Ok(Expr::Compare(Comparison { field, op, value }))
    }
}

/// A timestamp value: milliseconds since the epoch (SCC's convention) or RFC 3339, in nanoseconds.
fn time_value(text: &str, col: usize) -> Result<i64, FilterError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .ok()
            .and_then(|ms| ms.checked_mul(1_000_000))
            .ok_or_else(|| error(col, format!("timestamp {text} ms is out of range")));
    }
    timestamp::parse(text).map_err(|why| {
        error(
            col,
            format!(
                "bad timestamp '{text}': {why} (expected RFC 3339 like \"2026-11-01T00:00:00Z\" or milliseconds since the epoch)"
            ),
        )
    })
}
