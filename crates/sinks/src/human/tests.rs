use super::*;
use shrike_core::finding::FindingEnvelope;

#[test]
fn line_names_severity_category_place_process_and_finding() {
    let json = r#"{"finding":{"name":"projects/p/sources/s/findings/abc","parent":"projects/p/sources/s",
      "resourceName":"r","state":"ACTIVE","category":"Reverse Shell","moduleName":"REVERSE_SHELL",
      "description":"d","sourceProperties":{"Detection_Summary":"bash started with stdin connected"},
      "eventTime":"t","createTime":"t","severity":"CRITICAL","findingClass":"THREAT","mute":"UNDEFINED",
      "mitreAttack":{"primaryTactic":"EXECUTION","primaryTechniques":["UNIX_SHELL"],"version":"16"},
      "processes":[{"name":"bash","binary":{"path":"/usr/bin/bash","size":0,"hashedSize":0,"partiallyHashed":false},
        "args":["bash","-i"],"argumentsTruncated":false,"envVariablesTruncated":false,"pid":42,"parentPid":1}],
      "containers":[{"name":"web","uri":"nginx:1.27"}]},
      "resource":{"name":"r","displayName":"web","type":"shrike.Container","projectDisplayName":"p"}}"#;
    let f: FindingEnvelope = serde_json::from_str(json).unwrap();
    assert_eq!(
        format_line(&f),
        "CRITICAL Reverse Shell | container web (nginx:1.27) | pid 42 /usr/bin/bash -i | bash started with stdin connected | projects/p/sources/s/findings/abc"
    );
}

#[test]
fn control_characters_in_arguments_are_escaped() {
    let json = r#"{"finding":{"name":"n","parent":"p","resourceName":"r","state":"ACTIVE","category":"c",
      "moduleName":"m","description":"d","sourceProperties":{},"eventTime":"t","createTime":"t",
      "severity":"LOW","findingClass":"THREAT","mute":"UNDEFINED",
      "mitreAttack":{"primaryTactic":"EXECUTION","primaryTechniques":[],"version":"16"},
      "processes":[{"name":"x","args":["x","a\u001b[2Jb\nc"],"argumentsTruncated":false,
        "envVariablesTruncated":false,"pid":1,"parentPid":0}]},
      "resource":{"name":"r","displayName":"h","type":"shrike.Host","projectDisplayName":"p"}}"#;
    let f: FindingEnvelope = serde_json::from_str(json).unwrap();
    let line = format_line(&f);
    assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line}");
}
