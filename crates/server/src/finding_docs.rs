//! Documentation pages for each finding type, in several languages.
//!
//! Every page is Markdown embedded at build time from `crates/server/docs/<lang>/<MODULE>.md`,
//! where `<MODULE>` is a finding's `moduleName` (for example `REVERSE_SHELL`). Each page starts
//! with `# <category>` (the English category string, as in the finding), a translated subtitle,
//! an overview, and four `##` sections: what the finding tells you, how to investigate, how to
//! respond, and references (MITRE ATT&CK links).
//!
//! [`page`] looks a page up, [`negotiate`] picks a language from `?lang=` and
//! `Accept-Language`, and [`render`] turns the small Markdown subset the pages use into HTML in
//! which every piece of text is escaped.

/// The languages pages are written in: code (a primary language subtag) and native name.
/// English comes first and is the fallback.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("it", "Italiano"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("id", "Bahasa Indonesia"),
];

/// The documented finding types: module name and the category each page is titled with.
pub const MODULES: &[(&str, &str)] = &[
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "Execution: Built in Malicious Binary Executed",
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "Execution: Added Malicious Binary Executed",
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "Execution: Modified Malicious Binary Executed",
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "Execution: Malicious Python executed",
    ),
    ("REVERSE_SHELL", "Reverse Shell"),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "Defense Evasion: Launch Code Compiler Tool In Container",
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "Execution: Possible Remote Command Execution Detected",
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "Impact: Suspicious Crypto Mining Activity Using the Stratum Protocol",
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "Privilege Escalation: Abuse of Sudo For Privilege Escalation (CVE-2019-14287)",
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "Privilege Escalation: Sudo Potential Privilege Escalation (CVE-2021-3156)",
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "Discovery: Local Reconnaissance Tool Execution",
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "Execution: Kubernetes Attack Tool Execution",
    ),
    ("CONTAINER_ESCAPE", "Privilege Escalation: Container Escape"),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "Credential Access: Search Private Keys or Passwords",
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "Credential Access: Find Google Cloud Credentials",
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "Exfiltration: Launch Remote File Copy Tools in Container",
    ),
    ("ADDED_BINARY_EXECUTED", "Execution: Added Binary Executed"),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "Defense Evasion: Fileless Execution from memfd",
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "Defense Evasion: Execution from /dev/shm",
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "Execution: Netcat Remote Code Execution in Container",
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "Execution: Socat Reverse Shell Detected",
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "Defense Evasion: Base64 ELF File Command Line",
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "Defense Evasion: Base64 Encoded Python Script Executed",
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "Defense Evasion: Base64 Encoded Shell Script Executed",
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "Execution: Unexpected Child Shell",
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "Execution: Malicious Script Executed",
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "Privilege Escalation: Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)",
    ),
    ("ADDED_LIBRARY_LOADED", "Execution: Added Library Loaded"),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "Execution: Built in Malicious Library Loaded",
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "Execution: Added Malicious Library Loaded",
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "Execution: Modified Malicious Library Loaded",
    ),
];

/// Every page: (module, language, Markdown).
static PAGES: &[(&str, &str, &str)] = &[
    // English
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "en",
        include_str!("../docs/en/BUILT_IN_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "en",
        include_str!("../docs/en/ADDED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "en",
        include_str!("../docs/en/MODIFIED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "en",
        include_str!("../docs/en/MALICIOUS_PYTHON_EXECUTED.md"),
    ),
    (
        "REVERSE_SHELL",
        "en",
        include_str!("../docs/en/REVERSE_SHELL.md"),
    ),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "en",
        include_str!("../docs/en/LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER.md"),
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "en",
        include_str!("../docs/en/POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED.md"),
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "en",
        include_str!("../docs/en/SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL.md"),
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "en",
        include_str!("../docs/en/ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "en",
        include_str!("../docs/en/SUDO_POTENTIAL_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "en",
        include_str!("../docs/en/LOCAL_RECONNAISSANCE_TOOL_EXECUTION.md"),
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "en",
        include_str!("../docs/en/KUBERNETES_ATTACK_TOOL_EXECUTION.md"),
    ),
    (
        "CONTAINER_ESCAPE",
        "en",
        include_str!("../docs/en/CONTAINER_ESCAPE.md"),
    ),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "en",
        include_str!("../docs/en/SEARCH_PRIVATE_KEYS_OR_PASSWORDS.md"),
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "en",
        include_str!("../docs/en/FIND_GCP_CREDENTIALS.md"),
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "en",
        include_str!("../docs/en/LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER.md"),
    ),
    (
        "ADDED_BINARY_EXECUTED",
        "en",
        include_str!("../docs/en/ADDED_BINARY_EXECUTED.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "en",
        include_str!("../docs/en/FILELESS_EXECUTION_DETECTION_MEMFD.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "en",
        include_str!("../docs/en/FILELESS_EXECUTION_DETECTION_SHM.md"),
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "en",
        include_str!("../docs/en/NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER.md"),
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "en",
        include_str!("../docs/en/SOCAT_REVERSE_SHELL_DETECTED.md"),
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "en",
        include_str!("../docs/en/BASE64_ELF_FILE_CMDLINE.md"),
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "en",
        include_str!("../docs/en/BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED.md"),
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "en",
        include_str!("../docs/en/BASE64_ENCODED_SHELL_SCRIPT_EXECUTED.md"),
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "en",
        include_str!("../docs/en/UNEXPECTED_CHILD_SHELL.md"),
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "en",
        include_str!("../docs/en/MALICIOUS_SCRIPT_EXECUTED.md"),
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "en",
        include_str!("../docs/en/POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY.md"),
    ),
    (
        "ADDED_LIBRARY_LOADED",
        "en",
        include_str!("../docs/en/ADDED_LIBRARY_LOADED.md"),
    ),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "en",
        include_str!("../docs/en/BUILT_IN_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "en",
        include_str!("../docs/en/ADDED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "en",
        include_str!("../docs/en/MODIFIED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    // Italiano
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "it",
        include_str!("../docs/it/BUILT_IN_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "it",
        include_str!("../docs/it/ADDED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "it",
        include_str!("../docs/it/MODIFIED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "it",
        include_str!("../docs/it/MALICIOUS_PYTHON_EXECUTED.md"),
    ),
    (
        "REVERSE_SHELL",
        "it",
        include_str!("../docs/it/REVERSE_SHELL.md"),
    ),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "it",
        include_str!("../docs/it/LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER.md"),
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "it",
        include_str!("../docs/it/POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED.md"),
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "it",
        include_str!("../docs/it/SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL.md"),
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "it",
        include_str!("../docs/it/ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "it",
        include_str!("../docs/it/SUDO_POTENTIAL_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "it",
        include_str!("../docs/it/LOCAL_RECONNAISSANCE_TOOL_EXECUTION.md"),
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "it",
        include_str!("../docs/it/KUBERNETES_ATTACK_TOOL_EXECUTION.md"),
    ),
    (
        "CONTAINER_ESCAPE",
        "it",
        include_str!("../docs/it/CONTAINER_ESCAPE.md"),
    ),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "it",
        include_str!("../docs/it/SEARCH_PRIVATE_KEYS_OR_PASSWORDS.md"),
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "it",
        include_str!("../docs/it/FIND_GCP_CREDENTIALS.md"),
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "it",
        include_str!("../docs/it/LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER.md"),
    ),
    (
        "ADDED_BINARY_EXECUTED",
        "it",
        include_str!("../docs/it/ADDED_BINARY_EXECUTED.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "it",
        include_str!("../docs/it/FILELESS_EXECUTION_DETECTION_MEMFD.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "it",
        include_str!("../docs/it/FILELESS_EXECUTION_DETECTION_SHM.md"),
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "it",
        include_str!("../docs/it/NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER.md"),
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "it",
        include_str!("../docs/it/SOCAT_REVERSE_SHELL_DETECTED.md"),
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "it",
        include_str!("../docs/it/BASE64_ELF_FILE_CMDLINE.md"),
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "it",
        include_str!("../docs/it/BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED.md"),
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "it",
        include_str!("../docs/it/BASE64_ENCODED_SHELL_SCRIPT_EXECUTED.md"),
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "it",
        include_str!("../docs/it/UNEXPECTED_CHILD_SHELL.md"),
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "it",
        include_str!("../docs/it/MALICIOUS_SCRIPT_EXECUTED.md"),
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "it",
        include_str!("../docs/it/POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY.md"),
    ),
    (
        "ADDED_LIBRARY_LOADED",
        "it",
        include_str!("../docs/it/ADDED_LIBRARY_LOADED.md"),
    ),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "it",
        include_str!("../docs/it/BUILT_IN_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "it",
        include_str!("../docs/it/ADDED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "it",
        include_str!("../docs/it/MODIFIED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    // Français
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "fr",
        include_str!("../docs/fr/BUILT_IN_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "fr",
        include_str!("../docs/fr/ADDED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "fr",
        include_str!("../docs/fr/MODIFIED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "fr",
        include_str!("../docs/fr/MALICIOUS_PYTHON_EXECUTED.md"),
    ),
    (
        "REVERSE_SHELL",
        "fr",
        include_str!("../docs/fr/REVERSE_SHELL.md"),
    ),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "fr",
        include_str!("../docs/fr/LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER.md"),
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "fr",
        include_str!("../docs/fr/POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED.md"),
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "fr",
        include_str!("../docs/fr/SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL.md"),
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "fr",
        include_str!("../docs/fr/ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "fr",
        include_str!("../docs/fr/SUDO_POTENTIAL_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "fr",
        include_str!("../docs/fr/LOCAL_RECONNAISSANCE_TOOL_EXECUTION.md"),
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "fr",
        include_str!("../docs/fr/KUBERNETES_ATTACK_TOOL_EXECUTION.md"),
    ),
    (
        "CONTAINER_ESCAPE",
        "fr",
        include_str!("../docs/fr/CONTAINER_ESCAPE.md"),
    ),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "fr",
        include_str!("../docs/fr/SEARCH_PRIVATE_KEYS_OR_PASSWORDS.md"),
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "fr",
        include_str!("../docs/fr/FIND_GCP_CREDENTIALS.md"),
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "fr",
        include_str!("../docs/fr/LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER.md"),
    ),
    (
        "ADDED_BINARY_EXECUTED",
        "fr",
        include_str!("../docs/fr/ADDED_BINARY_EXECUTED.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "fr",
        include_str!("../docs/fr/FILELESS_EXECUTION_DETECTION_MEMFD.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "fr",
        include_str!("../docs/fr/FILELESS_EXECUTION_DETECTION_SHM.md"),
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "fr",
        include_str!("../docs/fr/NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER.md"),
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "fr",
        include_str!("../docs/fr/SOCAT_REVERSE_SHELL_DETECTED.md"),
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "fr",
        include_str!("../docs/fr/BASE64_ELF_FILE_CMDLINE.md"),
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "fr",
        include_str!("../docs/fr/BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED.md"),
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "fr",
        include_str!("../docs/fr/BASE64_ENCODED_SHELL_SCRIPT_EXECUTED.md"),
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "fr",
        include_str!("../docs/fr/UNEXPECTED_CHILD_SHELL.md"),
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "fr",
        include_str!("../docs/fr/MALICIOUS_SCRIPT_EXECUTED.md"),
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "fr",
        include_str!("../docs/fr/POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY.md"),
    ),
    (
        "ADDED_LIBRARY_LOADED",
        "fr",
        include_str!("../docs/fr/ADDED_LIBRARY_LOADED.md"),
    ),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "fr",
        include_str!("../docs/fr/BUILT_IN_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "fr",
        include_str!("../docs/fr/ADDED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "fr",
        include_str!("../docs/fr/MODIFIED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    // Deutsch
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "de",
        include_str!("../docs/de/BUILT_IN_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "de",
        include_str!("../docs/de/ADDED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "de",
        include_str!("../docs/de/MODIFIED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "de",
        include_str!("../docs/de/MALICIOUS_PYTHON_EXECUTED.md"),
    ),
    (
        "REVERSE_SHELL",
        "de",
        include_str!("../docs/de/REVERSE_SHELL.md"),
    ),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "de",
        include_str!("../docs/de/LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER.md"),
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "de",
        include_str!("../docs/de/POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED.md"),
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "de",
        include_str!("../docs/de/SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL.md"),
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "de",
        include_str!("../docs/de/ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "de",
        include_str!("../docs/de/SUDO_POTENTIAL_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "de",
        include_str!("../docs/de/LOCAL_RECONNAISSANCE_TOOL_EXECUTION.md"),
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "de",
        include_str!("../docs/de/KUBERNETES_ATTACK_TOOL_EXECUTION.md"),
    ),
    (
        "CONTAINER_ESCAPE",
        "de",
        include_str!("../docs/de/CONTAINER_ESCAPE.md"),
    ),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "de",
        include_str!("../docs/de/SEARCH_PRIVATE_KEYS_OR_PASSWORDS.md"),
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "de",
        include_str!("../docs/de/FIND_GCP_CREDENTIALS.md"),
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "de",
        include_str!("../docs/de/LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER.md"),
    ),
    (
        "ADDED_BINARY_EXECUTED",
        "de",
        include_str!("../docs/de/ADDED_BINARY_EXECUTED.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "de",
        include_str!("../docs/de/FILELESS_EXECUTION_DETECTION_MEMFD.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "de",
        include_str!("../docs/de/FILELESS_EXECUTION_DETECTION_SHM.md"),
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "de",
        include_str!("../docs/de/NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER.md"),
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "de",
        include_str!("../docs/de/SOCAT_REVERSE_SHELL_DETECTED.md"),
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "de",
        include_str!("../docs/de/BASE64_ELF_FILE_CMDLINE.md"),
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "de",
        include_str!("../docs/de/BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED.md"),
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "de",
        include_str!("../docs/de/BASE64_ENCODED_SHELL_SCRIPT_EXECUTED.md"),
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "de",
        include_str!("../docs/de/UNEXPECTED_CHILD_SHELL.md"),
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "de",
        include_str!("../docs/de/MALICIOUS_SCRIPT_EXECUTED.md"),
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "de",
        include_str!("../docs/de/POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY.md"),
    ),
    (
        "ADDED_LIBRARY_LOADED",
        "de",
        include_str!("../docs/de/ADDED_LIBRARY_LOADED.md"),
    ),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "de",
        include_str!("../docs/de/BUILT_IN_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "de",
        include_str!("../docs/de/ADDED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "de",
        include_str!("../docs/de/MODIFIED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    // Bahasa Indonesia
    (
        "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
        "id",
        include_str!("../docs/id/BUILT_IN_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "ADDED_MALICIOUS_BINARY_EXECUTED",
        "id",
        include_str!("../docs/id/ADDED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_BINARY_EXECUTED",
        "id",
        include_str!("../docs/id/MODIFIED_MALICIOUS_BINARY_EXECUTED.md"),
    ),
    (
        "MALICIOUS_PYTHON_EXECUTED",
        "id",
        include_str!("../docs/id/MALICIOUS_PYTHON_EXECUTED.md"),
    ),
    (
        "REVERSE_SHELL",
        "id",
        include_str!("../docs/id/REVERSE_SHELL.md"),
    ),
    (
        "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
        "id",
        include_str!("../docs/id/LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER.md"),
    ),
    (
        "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED",
        "id",
        include_str!("../docs/id/POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED.md"),
    ),
    (
        "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL",
        "id",
        include_str!("../docs/id/SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL.md"),
    ),
    (
        "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
        "id",
        include_str!("../docs/id/ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
        "id",
        include_str!("../docs/id/SUDO_POTENTIAL_PRIVILEGE_ESCALATION.md"),
    ),
    (
        "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
        "id",
        include_str!("../docs/id/LOCAL_RECONNAISSANCE_TOOL_EXECUTION.md"),
    ),
    (
        "KUBERNETES_ATTACK_TOOL_EXECUTION",
        "id",
        include_str!("../docs/id/KUBERNETES_ATTACK_TOOL_EXECUTION.md"),
    ),
    (
        "CONTAINER_ESCAPE",
        "id",
        include_str!("../docs/id/CONTAINER_ESCAPE.md"),
    ),
    (
        "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
        "id",
        include_str!("../docs/id/SEARCH_PRIVATE_KEYS_OR_PASSWORDS.md"),
    ),
    (
        "FIND_GCP_CREDENTIALS",
        "id",
        include_str!("../docs/id/FIND_GCP_CREDENTIALS.md"),
    ),
    (
        "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER",
        "id",
        include_str!("../docs/id/LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER.md"),
    ),
    (
        "ADDED_BINARY_EXECUTED",
        "id",
        include_str!("../docs/id/ADDED_BINARY_EXECUTED.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_MEMFD",
        "id",
        include_str!("../docs/id/FILELESS_EXECUTION_DETECTION_MEMFD.md"),
    ),
    (
        "FILELESS_EXECUTION_DETECTION_SHM",
        "id",
        include_str!("../docs/id/FILELESS_EXECUTION_DETECTION_SHM.md"),
    ),
    (
        "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER",
        "id",
        include_str!("../docs/id/NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER.md"),
    ),
    (
        "SOCAT_REVERSE_SHELL_DETECTED",
        "id",
        include_str!("../docs/id/SOCAT_REVERSE_SHELL_DETECTED.md"),
    ),
    (
        "BASE64_ELF_FILE_CMDLINE",
        "id",
        include_str!("../docs/id/BASE64_ELF_FILE_CMDLINE.md"),
    ),
    (
        "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
        "id",
        include_str!("../docs/id/BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED.md"),
    ),
    (
        "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
        "id",
        include_str!("../docs/id/BASE64_ENCODED_SHELL_SCRIPT_EXECUTED.md"),
    ),
    (
        "UNEXPECTED_CHILD_SHELL",
        "id",
        include_str!("../docs/id/UNEXPECTED_CHILD_SHELL.md"),
    ),
    (
        "MALICIOUS_SCRIPT_EXECUTED",
        "id",
        include_str!("../docs/id/MALICIOUS_SCRIPT_EXECUTED.md"),
    ),
    (
        "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY",
        "id",
        include_str!("../docs/id/POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY.md"),
    ),
    (
        "ADDED_LIBRARY_LOADED",
        "id",
        include_str!("../docs/id/ADDED_LIBRARY_LOADED.md"),
    ),
    (
        "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
        "id",
        include_str!("../docs/id/BUILT_IN_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "ADDED_MALICIOUS_LIBRARY_LOADED",
        "id",
        include_str!("../docs/id/ADDED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
    (
        "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        "id",
        include_str!("../docs/id/MODIFIED_MALICIOUS_LIBRARY_LOADED.md"),
    ),
];

/// The fallback language.
const DEFAULT_LANGUAGE: &str = "en";

/// The Markdown page for a finding type (`module`, a finding's `moduleName` such as
/// `REVERSE_SHELL`) in a language (`lang`, a code from [`LANGUAGES`]). Both are matched without
/// regard to ASCII case. `None` for an unknown module or language.
pub fn page(module: &str, lang: &str) -> Option<&'static str> {
    PAGES
        .iter()
        .find(|(m, l, _)| m.eq_ignore_ascii_case(module) && l.eq_ignore_ascii_case(lang))
        .map(|&(_, _, markdown)| markdown)
}

/// Picks the language to answer in, always one of [`LANGUAGES`]' codes.
///
/// `requested` (the `?lang=` query parameter) wins when its primary subtag is supported.
/// Otherwise the `Accept-Language` header's entries are compared by primary subtag (`fr-CH`
/// counts as `fr`; the legacy code `in` as `id`) and the supported one with the highest
/// `q` weight wins, the earlier entry on a tie; `q=0` entries are refused and `*` stands for
/// the default. Failing all that, English.
pub fn negotiate(accept_language: Option<&str>, requested: Option<&str>) -> &'static str {
    if let Some(code) = requested.and_then(supported) {
        return code;
    }
    let Some(header) = accept_language else {
        return DEFAULT_LANGUAGE;
    };
    let mut best: Option<(&'static str, u16)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let mut weight = Some(1000);
        for param in parts {
            if let Some((name, value)) = param.split_once('=') {
                if name.trim().eq_ignore_ascii_case("q") {
                    weight = parse_q(value.trim());
                }
            }
        }
        let Some(weight) = weight.filter(|&w| w > 0) else {
            continue;
        };
        let code = if tag == "*" {
            Some(DEFAULT_LANGUAGE)
        } else {
            supported(tag)
        };
        if let Some(code) = code {
            if best.is_none_or(|(_, w)| weight > w) {
                best = Some((code, weight));
            }
        }
    }
    best.map_or(DEFAULT_LANGUAGE, |(code, _)| code)
}

/// The supported language code for a language tag, by its primary subtag.
fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
    let primary = if primary.eq_ignore_ascii_case("in") {
        "id"
    } else {
        primary
    };
    LANGUAGES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(primary))
        .map(|&(code, _)| code)
}

/// A `q` value (`0`, `0.5`, `1.000`, …) in thousandths; `None` when malformed or out of range.
fn parse_q(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if whole.len() != 1 || fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole = match whole {
        "0" => 0u16,
        "1" => 1,
        _ => return None,
    };
    let mut thousandths = 0u16;
    for (i, digit) in fraction.bytes().enumerate() {
        let place = [100, 10, 1][i];
        thousandths += u16::from(digit - b'0') * place;
    }
    let q = whole * 1000 + thousandths;
    (q <= 1000).then_some(q)
}

/// Renders the Markdown subset the pages use as HTML.
///
/// Supported: `#`…`######` headings, paragraphs (consecutive lines, ended by a blank line),
/// `- ` bullet lists and `1. ` numbered lists (an indented line continues the item above),
/// `**bold**`, `` `code` ``, and `[text](url)` links. Only `http://` and `https://` URLs become
/// links, opened with `rel="noopener noreferrer"`; any other link is left as text. All text,
/// including anything that looks like HTML, is escaped (`& < > " '`), so nothing in the input
/// is ever interpreted as markup.
pub fn render(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let mut block = Block::None;
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            block.close(&mut out);
            continue;
        }
        if let Some((level, text)) = heading(trimmed) {
            block.close(&mut out);
            out.push_str(&format!("<h{level}>"));
            inline(text, &mut out, false);
            out.push_str(&format!("</h{level}>\n"));
            continue;
        }
        if let Some((ordered, text)) = list_item(trimmed) {
            match &mut block {
                Block::List {
                    ordered: open,
                    items,
                } if *open == ordered => items.push(text.to_owned()),
                _ => {
                    block.close(&mut out);
                    block = Block::List {
                        ordered,
                        items: vec![text.to_owned()],
                    };
                }
            }
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        match &mut block {
            Block::List { items, .. } if indented => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                }
            }
            Block::Paragraph(text) => {
                text.push(' ');
                text.push_str(trimmed);
            }
            _ => {
                block.close(&mut out);
                block = Block::Paragraph(trimmed.to_owned());
            }
        }
    }
    block.close(&mut out);
    out
}

/// The block being built by [`render`].
enum Block {
    /// Nothing open.
    None,
    /// A paragraph's text so far.
    Paragraph(String),
    /// A list and its items so far.
    List {
        /// `<ol>` rather than `<ul>`.
        ordered: bool,
        /// The items' Markdown.
        items: Vec<String>,
    },
}

impl Block {
    /// Writes the open block, if any, and leaves nothing open.
    fn close(&mut self, out: &mut String) {
        match std::mem::replace(self, Block::None) {
            Block::None => {}
            Block::Paragraph(text) => {
                out.push_str("<p>");
                inline(&text, out, false);
                out.push_str("</p>\n");
            }
            Block::List { ordered, items } => {
                let tag = if ordered { "ol" } else { "ul" };
                out.push_str(&format!("<{tag}>\n"));
                for item in items {
                    out.push_str("<li>");
                    inline(&item, out, false);
                    out.push_str("</li>\n");
                }
                out.push_str(&format!("</{tag}>\n"));
            }
        }
    }
}

/// `# text` … `###### text`: the level and the text.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = line[level..].strip_prefix([' ', '\t'])?;
    Some((level, text.trim()))
}

/// `- text` (unordered) or `12. text` (ordered): whether ordered, and the text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(text) = line.strip_prefix("- ") {
        return Some((false, text.trim()));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        if let Some(text) = line[digits..].strip_prefix(". ") {
            return Some((true, text.trim()));
        }
    }
    None
}

/// Renders inline Markdown (`**bold**`, `` `code` ``, `[text](url)`) with every piece of text
/// escaped. Inside a link's text (`in_link`) brackets are plain text, so links never nest.
fn inline(text: &str, out: &mut String, in_link: bool) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                out.push_str("<code>");
                escape_into(&rest[1..1 + end], out);
                out.push_str("</code>");
                rest = &rest[end + 2..];
                continue;
            }
        } else if rest.starts_with("**") {
            if let Some(end) = closing_bold(&rest[2..]) {
                if end > 0 {
                    out.push_str("<strong>");
                    inline(&rest[2..2 + end], out, in_link);
                    out.push_str("</strong>");
                    rest = &rest[end + 4..];
                    continue;
                }
            }
            out.push_str("**");
            rest = &rest[2..];
            continue;
        } else if c == '[' && !in_link {
            if let Some((label, url, used)) = link(rest) {
                out.push_str("<a href=\"");
                escape_into(url, out);
                out.push_str("\" rel=\"noopener noreferrer\">");
                inline(label, out, true);
                out.push_str("</a>");
                rest = &rest[used..];
                continue;
            }
        }
        escape_char(c, out);
        rest = &rest[c.len_utf8()..];
    }
}

/// Where the `**` closing a bold span starts in `text`, skipping over code spans.
fn closing_bold(text: &str) -> Option<usize> {
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("**") {
            return Some(i);
        }
        if let Some(code) = rest.strip_prefix('`') {
            if let Some(end) = code.find('`') {
                i += end + 2;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// `[label](url)` at the start of `text` with an `http`/`https` URL: the label, the URL and
/// how many bytes the link takes. `None` for anything else, which is then rendered as text.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.is_empty() || label.contains('[') {
        return None;
    }
    let after = &text[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = (lower.starts_with("https://") && url.len() > 8)
        || (lower.starts_with("http://") && url.len() > 7);
    if !scheme_ok || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    Some((label, url, close + 2 + end + 1))
}

/// Appends `text` with `& < > " '` escaped.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        escape_char(c, out);
    }
}

/// Appends one character, escaped if it is one of `& < > " '`.
fn escape_char(c: char, out: &mut String) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH_SECTIONS: [&str; 4] = [
        "## What the finding tells you",
        "## How to investigate",
        "## How to respond",
        "## References",
    ];

    #[test]
    fn every_page_exists_and_is_shaped() {
        assert_eq!(PAGES.len(), MODULES.len() * LANGUAGES.len());
        for (module, category) in MODULES {
            for (lang, _) in LANGUAGES {
                let md =
                    page(module, lang).unwrap_or_else(|| panic!("no page for {module} in {lang}"));
                assert!(
                    md.starts_with(&format!("# {category}\n")),
                    "{lang}/{module} must start with its category"
                );
                let sections = md.lines().filter(|l| l.starts_with("## ")).count();
                assert!(sections >= 4, "{lang}/{module} has {sections} sections");
                assert!(
                    md.contains("](https://attack.mitre.org/techniques/T"),
                    "{lang}/{module} has no MITRE ATT&CK link"
                );
                assert!(
                    md.contains("`finding."),
                    "{lang}/{module} names no finding field"
                );
                if *lang == "en" {
                    for section in ENGLISH_SECTIONS {
                        assert!(md.contains(section), "{module} lacks {section}");
                    }
                } else {
                    for section in ENGLISH_SECTIONS {
                        assert!(!md.contains(section), "{lang}/{module} keeps {section}");
                    }
                }
            }
        }
    }

    #[test]
    fn lookup_ignores_case_and_refuses_unknowns() {
        assert!(page("reverse_shell", "EN").is_some());
        assert_eq!(page("NOT_A_MODULE", "en"), None);
        assert_eq!(page("REVERSE_SHELL", "xx"), None);
        assert_eq!(page("REVERSE_SHELL", ""), None);
        assert_eq!(page("", "en"), None);
    }

    #[test]
    fn translations_differ_from_english_and_from_each_other() {
        for (module, _) in MODULES {
            let mut seen: Vec<(&str, &str)> = Vec::new();
            for (lang, _) in LANGUAGES {
                let md = page(module, lang).unwrap();
                // Skip the shared English title line and compare the rest.
                let body = md.split_once('\n').unwrap().1;
                for (other, other_body) in &seen {
                    assert_ne!(body, *other_body, "{module}: {lang} equals {other}");
                }
                seen.push((lang, body));
            }
        }
    }

    #[test]
    fn negotiate_prefers_the_query_then_the_header() {
        assert_eq!(negotiate(None, None), "en");
        assert_eq!(negotiate(Some("fr-CH,fr;q=0.9,en;q=0.8"), None), "fr");
        assert_eq!(negotiate(Some("id-ID"), None), "id");
        assert_eq!(negotiate(Some("in"), None), "id");
        assert_eq!(negotiate(Some("de-DE"), Some("it")), "it");
        assert_eq!(negotiate(Some("de-DE"), Some("FR")), "fr");
        assert_eq!(negotiate(Some("de-DE"), Some("xx")), "de");
        assert_eq!(negotiate(Some("de-DE"), Some("")), "de");
        assert_eq!(negotiate(None, Some("in-ID")), "id");
        assert_eq!(negotiate(Some("en;q=0.5, de;q=0.9"), None), "de");
        assert_eq!(negotiate(Some("ja, ko;q=0.9"), None), "en");
        assert_eq!(negotiate(Some("ja, it;q=0.1"), None), "it");
        assert_eq!(negotiate(Some("fr;q=0, de;q=0.2"), None), "de");
        assert_eq!(negotiate(Some("fr;q=0"), None), "en");
        assert_eq!(negotiate(Some("*"), None), "en");
        assert_eq!(negotiate(Some("DE-at"), None), "de");
        assert_eq!(negotiate(Some("it;q=0.8, fr;q=0.8"), None), "it");
        assert_eq!(negotiate(Some("it;q=abc, fr;q=0.3"), None), "fr");
        assert_eq!(negotiate(Some("it;q=1.5, fr;q=0.3"), None), "fr");
        assert_eq!(negotiate(Some(""), None), "en");
        assert_eq!(negotiate(Some(",;,;q=,"), None), "en");
    }

    #[test]
    fn q_values() {
        assert_eq!(parse_q("1"), Some(1000));
        assert_eq!(parse_q("1.000"), Some(1000));
        assert_eq!(parse_q("0.5"), Some(500));
        assert_eq!(parse_q("0.125"), Some(125));
        assert_eq!(parse_q("0"), Some(0));
        assert_eq!(parse_q("1.001"), None);
        assert_eq!(parse_q("0.1234"), None);
        assert_eq!(parse_q("2"), None);
        assert_eq!(parse_q("-0.5"), None);
        assert_eq!(parse_q(""), None);
        assert_eq!(parse_q("0.x"), None);
    }

    /// Checks that the HTML's tags nest properly, and that text never holds a raw `<` or `>`.
    fn assert_well_formed(html: &str) {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            assert!(!rest[..start].contains('>'), "stray '>' in {html}");
            let end = rest[start..].find('>').unwrap() + start;
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "in {html}");
            } else {
                let name = tag.split(' ').next().unwrap();
                assert!(
                    [
                        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "strong",
                        "code", "a"
                    ]
                    .contains(&name),
                    "unexpected tag <{tag}>"
                );
                stack.push(name.to_owned());
            }
            rest = &rest[end + 1..];
        }
        assert!(!rest.contains('>'), "stray '>' in {html}");
        assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
    }

    #[test]
    fn render_escapes_raw_html() {
        let html = render("<script>alert(1)</script>");
        assert_eq!(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
        let html = render("# a \"onerror=x' & b\n- <img src=x onerror=alert(1)>");
        assert!(html.contains("<h1>a &quot;onerror=x&#39; &amp; b</h1>"));
        assert!(html.contains("<li>&lt;img src=x onerror=alert(1)&gt;</li>"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("\"onerror"));
        assert_well_formed(&html);
        // Code spans are escaped too.
        assert_eq!(
            render("`<b>&</b>`"),
            "<p><code>&lt;b&gt;&amp;&lt;/b&gt;</code></p>\n"
        );
    }

    #[test]
    fn render_links_only_http() {
        let html = render("[MITRE](https://attack.mitre.org/techniques/T1059/004/)");
        assert_eq!(
            html,
            "<p><a href=\"https://attack.mitre.org/techniques/T1059/004/\" \
             rel=\"noopener noreferrer\">MITRE</a></p>\n"
        );
        let html = render("[plain](http://example.com/a?b=1&c=2)");
        assert!(html.contains("href=\"http://example.com/a?b=1&amp;c=2\""));

        for bad in [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](data:text/html,<script>alert(1)</script>)",
            "[click](//evil.example/)",
            "[click](https://)",
            "[click](https://a.example/ onerror=alert(1))",
        ] {
            let html = render(bad);
            assert!(!html.contains("href"), "{bad} became a link: {html}");
            assert!(!html.contains("<a"), "{bad} became a link: {html}");
            assert!(html.contains("[click]("), "{bad} lost its text: {html}");
            assert!(!html.contains("<script"), "{html}");
            assert_well_formed(&html);
        }
        assert!(render("[click](javascript:alert(1))").contains("javascript:alert(1)"));

        // Quotes cannot break out of the attribute.
        let html = render("[x](https://a.example/\"onerror=\"alert(1))");
        assert!(html.contains("href=\"https://a.example/&quot;onerror=&quot;alert(1\""));
        assert!(!html.contains("\"onerror"));
        assert_well_formed(&html);

        // Link text keeps inline formatting but links do not nest.
        let html = render("[**b** `c` [d](https://x.example/)](https://y.example/)");
        assert!(!html.contains("<a href=\"https://y.example/"));
        assert_well_formed(&html);
        let html = render("[**b** `c`](https://y.example/)");
        assert_eq!(
            html,
            "<p><a href=\"https://y.example/\" rel=\"noopener noreferrer\">\
             <strong>b</strong> <code>c</code></a></p>\n"
        );
    }

    #[test]
    fn render_nested_bold_and_code() {
        assert_eq!(
            render("**bold `code` here** and `**not bold**`"),
            "<p><strong>bold <code>code</code> here</strong> and <code>**not bold**</code></p>\n"
        );
        // A `**` inside code does not close the bold span.
        assert_eq!(
            render("**a `x**y` b**"),
            "<p><strong>a <code>x**y</code> b</strong></p>\n"
        );
        // Unclosed markers stay as text.
        assert_eq!(render("**open `tick"), "<p>**open `tick</p>\n");
        assert_eq!(render("****"), "<p>****</p>\n");
        assert_eq!(render("é **ü** ß"), "<p>é <strong>ü</strong> ß</p>\n");
    }

    #[test]
    fn render_lists_and_blocks() {
        let md = "# Title\n\
                  Para one\n\
                  continues.\n\
                  ## Fields\n\
                  - a\n\
                  - b `c`\n  \
                    continued\n\
                  1. first\n\
                  2. second\n\
                  10. tenth\n\
                  \n\
                  After.\n\
                  - tail";
        let html = render(md);
        assert_eq!(
            html,
            "<h1>Title</h1>\n\
             <p>Para one continues.</p>\n\
             <h2>Fields</h2>\n\
             <ul>\n<li>a</li>\n<li>b <code>c</code> continued</li>\n</ul>\n\
             <ol>\n<li>first</li>\n<li>second</li>\n<li>tenth</li>\n</ol>\n\
             <p>After.</p>\n\
             <ul>\n<li>tail</li>\n</ul>\n"
        );
        assert_well_formed(&html);
        assert_eq!(render(""), "");
        assert_eq!(render("#nospace"), "<p>#nospace</p>\n");
        assert_eq!(render("-not a list"), "<p>-not a list</p>\n");
        assert_eq!(render("a\r\nb\r\n"), "<p>a b</p>\n");
    }

    #[test]
    fn every_page_renders_well_formed() {
        for (module, category) in MODULES {
            for (lang, _) in LANGUAGES {
                let html = render(page(module, lang).unwrap());
                assert_well_formed(&html);
                let mut title = String::new();
                escape_into(category, &mut title);
                assert!(html.starts_with(&format!("<h1>{title}</h1>\n")));
                assert!(html.contains("<ul>") && html.contains("<ol>"));
                assert!(html.matches("<h2>").count() >= 4);
                assert!(html.contains("<a href=\"https://attack.mitre.org/techniques/T"));
                assert!(html.contains("rel=\"noopener noreferrer\""));
                // Every Markdown marker was consumed.
                assert!(!html.contains("**"), "{lang}/{module}: {html}");
                assert!(!html.contains('`'), "{lang}/{module}");
                assert!(!html.contains("]("), "{lang}/{module}");
            }
        }
    }
}
