//! Interpreters and what they are asked to run, read from their command lines. Shared by the
//! sensor (which captures the script) and the detectors (which score it).

/// What a Python command line runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PythonInvocation {
    /// A script file (absolute path, resolved against the cwd when relative and known).
    Script(String),
    /// A `-c` literal.
    Command(String),
    /// A `-m` module.
    Module(String),
    /// Code from stdin (`python -` or `python < file`).
    Stdin,
    /// Nothing to run: a REPL, `--version`, `-h`.
    Interactive,
}

/// True for Python interpreter names: `python`, `python3`, `python3.12`, `python3.13t`,
/// `pypy`, `pypy3.10`.
pub fn is_python_interpreter(name: &str) -> bool {
    let rest = name
        .strip_prefix("python")
        .or_else(|| name.strip_prefix("pypy"));
    let Some(rest) = rest else { return false };
    let rest = rest.strip_suffix(['d', 'm', 't', 'u']).unwrap_or(rest);
    rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !rest.starts_with('.')
        && !rest.contains("..")
}

/// Reads a Python command line (`argv[1..]`) the way CPython's option parser does.
pub fn parse_invocation(args: &[String], cwd: Option<&str>) -> PythonInvocation {
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "-" {
            return PythonInvocation::Stdin;
        }
        if arg == "--" {
            return args
                .get(i + 1)
                .map_or(PythonInvocation::Stdin, |s| script(s, cwd));
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "version" | "help" | "help-env" | "help-xoptions" | "help-all" => {
                    return PythonInvocation::Interactive
                }
                // Long options taking a value.
                "check-hash-based-pycs" => i += 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        let Some(flags) = arg.strip_prefix('-') else {
            return script(arg, cwd);
        };
        for (at, flag) in flags.char_indices() {
            let rest = &flags[at + flag.len_utf8()..];
            let value = || {
                if rest.is_empty() {
                    args.get(i + 1).cloned()
                } else {
                    Some(rest.to_owned())
                }
            };
            match flag {
                'c' => {
                    return value().map_or(PythonInvocation::Interactive, PythonInvocation::Command)
                }
                'm' => {
                    return value().map_or(PythonInvocation::Interactive, PythonInvocation::Module)
                }
                'W' | 'X' => {
                    if rest.is_empty() {
                        i += 1;
                    }
                    break;
                }
                'h' | '?' | 'V' => return PythonInvocation::Interactive,
                _ => {}
            }
        }
        i += 1;
    }
    PythonInvocation::Interactive
}

fn script(path: &str, cwd: Option<&str>) -> PythonInvocation {
    if path.starts_with('/') {
        return PythonInvocation::Script(path.to_owned());
    }
    match cwd {
        Some(cwd) => PythonInvocation::Script(format!("{}/{}", cwd.trim_end_matches('/'), path)),
        None => PythonInvocation::Script(path.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> PythonInvocation {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse_invocation(&args, Some("/app"))
    }

    #[test]
    fn interpreter_names() {
        for name in [
            "python",
            "python3",
            "python3.11",
            "python3.13t",
            "python2.7",
            "pypy",
            "pypy3.10",
            "python3m",
        ] {
            assert!(is_python_interpreter(name), "{name}");
        }
        for name in [
            "pythonista",
            "python-config",
            "python3-config",
            "py",
            "ipython",
            "python3..1",
            "pydoc3",
        ] {
            assert!(!is_python_interpreter(name), "{name}");
        }
    }

    #[test]
    fn command_lines() {
        use PythonInvocation::*;
        assert_eq!(parse(&["-c", "print(1)"]), Command("print(1)".into()));
        assert_eq!(parse(&["-Bc", "print(1)"]), Command("print(1)".into()));
        assert_eq!(parse(&["-cprint(1)"]), Command("print(1)".into()));
        assert_eq!(
            parse(&["-u", "-W", "ignore", "x.py", "-c", "no"]),
            Script("/app/x.py".into())
        );
        assert_eq!(
            parse(&["-Wignore", "/srv/x.py"]),
            Script("/srv/x.py".into())
        );
        assert_eq!(
            parse(&["-X", "dev", "-m", "http.server"]),
            Module("http.server".into())
        );
        assert_eq!(
            parse(&["-mhttp.server", "8000"]),
            Module("http.server".into())
        );
        assert_eq!(parse(&["-"]), Stdin);
        assert_eq!(parse(&["--", "-weird.py"]), Script("/app/-weird.py".into()));
        assert_eq!(parse(&[]), Interactive);
        assert_eq!(parse(&["-i"]), Interactive);
        assert_eq!(parse(&["--version"]), Interactive);
        assert_eq!(parse(&["-c"]), Interactive);
    }
}
