//! The finding catalogue: every finding type Shrike can emit, with its SCC category, module
//! name, severity and MITRE ATT&CK mapping (SPEC.md §1).

use serde::{Deserialize, Serialize};

/// SCC finding severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// The SCC enum name (`CRITICAL`), as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

/// MITRE ATT&CK tactics, by SCC enum name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tactic {
    /// TA0002.
    Execution,
    /// TA0005.
    DefenseEvasion,
    /// TA0004.
    PrivilegeEscalation,
    /// TA0040.
    Impact,
    /// TA0007.
    Discovery,
    /// TA0006.
    CredentialAccess,
    /// TA0010.
    Exfiltration,
}

/// MITRE ATT&CK techniques, by SCC enum name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Technique {
    /// T1105 Ingress Tool Transfer.
    IngressToolTransfer,
    /// T1106 Native API.
    NativeApi,
    /// T1059 Command and Scripting Interpreter.
    CommandAndScriptingInterpreter,
    /// T1059.004 Unix Shell.
    UnixShell,
    /// T1059.006 Python.
    Python,
    /// T1027 Obfuscated Files or Information.
    ObfuscatedFilesOrInfo,
    /// T1027.004 Compile After Delivery.
    CompileAfterDelivery,
    /// T1496 Resource Hijacking.
    ResourceHijacking,
    /// T1548 Abuse Elevation Control Mechanism (sudo: T1548.003).
    AbuseElevationControlMechanism,
    /// T1068 Exploitation for Privilege Escalation.
    ExploitationForPrivilegeEscalation,
    /// T1082 System Information Discovery.
    SystemInformationDiscovery,
    /// T1613 Container and Resource Discovery.
    ContainerAndResourceDiscovery,
    /// T1609 Container Administration Command.
    ContainerAdministrationCommand,
    /// T1611 Escape to Host.
    EscapeToHost,
    /// T1552 Unsecured Credentials.
    UnsecuredCredentials,
    /// T1552.001 Credentials In Files.
    CredentialsInFiles,
    /// T1552.004 Private Keys.
    PrivateKeys,
    /// T1048 Exfiltration Over Alternative Protocol.
    ExfiltrationOverAlternativeProtocol,
    /// T1620 Reflective Code Loading.
    ReflectiveCodeLoading,
    /// T1140 Deobfuscate/Decode Files or Information.
    DeobfuscateDecodeFilesOrInfo,
    /// T1190 Exploit Public-Facing Application.
    ExploitPublicFacingApplication,
    /// T1129 Shared Modules.
    SharedModules,
}

impl Technique {
    /// The ATT&CK technique id.
    pub fn attack_id(self) -> &'static str {
        match self {
            Technique::IngressToolTransfer => "T1105",
            Technique::NativeApi => "T1106",
            Technique::CommandAndScriptingInterpreter => "T1059",
            Technique::UnixShell => "T1059.004",
            Technique::Python => "T1059.006",
            Technique::ObfuscatedFilesOrInfo => "T1027",
            Technique::CompileAfterDelivery => "T1027.004",
            Technique::ResourceHijacking => "T1496",
            Technique::AbuseElevationControlMechanism => "T1548",
            Technique::ExploitationForPrivilegeEscalation => "T1068",
            Technique::SystemInformationDiscovery => "T1082",
            Technique::ContainerAndResourceDiscovery => "T1613",
            Technique::ContainerAdministrationCommand => "T1609",
            Technique::EscapeToHost => "T1611",
            Technique::UnsecuredCredentials => "T1552",
            Technique::CredentialsInFiles => "T1552.001",
            Technique::PrivateKeys => "T1552.004",
            Technique::ExfiltrationOverAlternativeProtocol => "T1048",
            Technique::ReflectiveCodeLoading => "T1620",
            Technique::DeobfuscateDecodeFilesOrInfo => "T1140",
            Technique::ExploitPublicFacingApplication => "T1190",
            Technique::SharedModules => "T1129",
        }
    }
}

/// One finding type of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingType {
    /// A binary from the image (lower layer) matched threat intel.
    BuiltInMaliciousBinaryExecuted,
    /// A binary only in the writable layer matched threat intel.
    AddedMaliciousBinaryExecuted,
    /// An image binary modified at run time matched threat intel.
    ModifiedMaliciousBinaryExecuted,
    /// The Python model scored executed code as malicious.
    MaliciousPythonExecuted,
    /// A process started with stdio bound to a connected remote socket.
    ReverseShell,
    /// A compiler, assembler or linker ran inside a container.
    LaunchCodeCompilerToolInContainer,
    /// A common UNIX command ran with a network socket on its (or its shell's) stdio.
    PossibleRemoteCommandExecutionDetected,
    /// A process in a container started with a Stratum mining-pool URL in its arguments.
    SuspiciousCryptoMiningActivityUsingStratumProtocol,
    /// `sudo -u#-1` (CVE-2019-14287) in a container.
    AbuseSudoForPrivilegeEscalation,
    /// `sudoedit -s` with an argument ending in a backslash (CVE-2021-3156) in a container.
    SudoPotentialPrivilegeEscalation,
    /// A local enumeration / privilege-escalation-hunting tool (linpeas, …) in a container.
    LocalReconnaissanceToolExecution,
    /// A Kubernetes attack tool (peirates, kube-hunter, …) in a container.
    KubernetesAttackToolExecution,
    /// A container-escape tool, `nsenter -t 1`, or a release_agent/core_pattern command line.
    ContainerEscape,
    /// A search tool hunting for private keys or passwords in a container.
    SearchPrivateKeysOrPasswords,
    /// A search tool hunting for Google Cloud credentials in a container.
    FindGcpCredentials,
    /// scp, rsync to a remote, rclone, ftp, … in a container.
    LaunchRemoteFileCopyToolsInContainer,
    /// A binary written or modified at run time (not from the image) was executed in a container.
    AddedBinaryExecuted,
    /// A program executed from a memfd (memory-only file) in a container.
    FilelessExecutionDetectionMemfd,
    /// A program executed from /dev/shm in a container.
    FilelessExecutionDetectionShm,
    /// netcat with -e/-c/--exec in a container.
    NetcatRemoteCodeExecutionInContainer,
    /// socat joining a network address to EXEC:/SYSTEM: in a container.
    SocatReverseShellDetected,
    /// A command-line argument decodes from base64 to an ELF executable.
    Base64ElfFileCmdline,
    /// A command-line argument decodes from base64 to Python code.
    Base64EncodedPythonScriptExecuted,
    /// A command-line argument decodes from base64 to shell code.
    Base64EncodedShellScriptExecuted,
    /// A shell started by a web server, application server or database in a container.
    UnexpectedChildShell,
    /// A script (a `#!` file, a shell's or a Python script) whose contents match a YARA rule, or
    /// a shell script the scoring method rates malicious, was executed.
    MaliciousScriptExecuted,
    /// pkexec started with no arguments or with GCONV_PATH (CVE-2021-4034) in a container.
    PolkitLocalPrivilegeEscalationVulnerability,
    /// A shared library written or modified at run time (not from the image) was loaded in a
    /// container.
    AddedLibraryLoaded,
    /// A shared library from the image (lower layer) matched threat intel when it was loaded.
    BuiltInMaliciousLibraryLoaded,
    /// A shared library only in the writable layer matched threat intel when it was loaded.
    AddedMaliciousLibraryLoaded,
    /// An image library modified at run time matched threat intel when it was loaded.
    ModifiedMaliciousLibraryLoaded,
}

/// Every finding type, in catalogue order.
pub const ALL_FINDING_TYPES: [FindingType; 31] = [
    FindingType::BuiltInMaliciousBinaryExecuted,
    FindingType::AddedMaliciousBinaryExecuted,
    FindingType::ModifiedMaliciousBinaryExecuted,
    FindingType::MaliciousPythonExecuted,
    FindingType::ReverseShell,
    FindingType::LaunchCodeCompilerToolInContainer,
    FindingType::PossibleRemoteCommandExecutionDetected,
    FindingType::SuspiciousCryptoMiningActivityUsingStratumProtocol,
    FindingType::AbuseSudoForPrivilegeEscalation,
    FindingType::SudoPotentialPrivilegeEscalation,
    FindingType::LocalReconnaissanceToolExecution,
    FindingType::KubernetesAttackToolExecution,
    FindingType::ContainerEscape,
    FindingType::SearchPrivateKeysOrPasswords,
    FindingType::FindGcpCredentials,
    FindingType::LaunchRemoteFileCopyToolsInContainer,
    FindingType::AddedBinaryExecuted,
    FindingType::FilelessExecutionDetectionMemfd,
    FindingType::FilelessExecutionDetectionShm,
    FindingType::NetcatRemoteCodeExecutionInContainer,
    FindingType::SocatReverseShellDetected,
    FindingType::Base64ElfFileCmdline,
    FindingType::Base64EncodedPythonScriptExecuted,
    FindingType::Base64EncodedShellScriptExecuted,
    FindingType::UnexpectedChildShell,
    FindingType::MaliciousScriptExecuted,
    FindingType::PolkitLocalPrivilegeEscalationVulnerability,
    FindingType::AddedLibraryLoaded,
    FindingType::BuiltInMaliciousLibraryLoaded,
    FindingType::AddedMaliciousLibraryLoaded,
    FindingType::ModifiedMaliciousLibraryLoaded,
];

impl FindingType {
    /// SCC `category`.
    pub fn category(self) -> &'static str {
        match self {
            Self::BuiltInMaliciousBinaryExecuted => "Execution: Built in Malicious Binary Executed",
            Self::AddedMaliciousBinaryExecuted => "Execution: Added Malicious Binary Executed",
            Self::ModifiedMaliciousBinaryExecuted => {
                "Execution: Modified Malicious Binary Executed"
            }
            Self::MaliciousPythonExecuted => "Execution: Malicious Python executed",
            Self::ReverseShell => "Reverse Shell",
            Self::LaunchCodeCompilerToolInContainer => {
                "Defense Evasion: Launch Code Compiler Tool In Container"
            }
            Self::PossibleRemoteCommandExecutionDetected => {
                "Execution: Possible Remote Command Execution Detected"
            }
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol => {
                "Impact: Suspicious Crypto Mining Activity Using the Stratum Protocol"
            }
            Self::AbuseSudoForPrivilegeEscalation => {
                "Privilege Escalation: Abuse of Sudo For Privilege Escalation (CVE-2019-14287)"
            }
            Self::SudoPotentialPrivilegeEscalation => {
                "Privilege Escalation: Sudo Potential Privilege Escalation (CVE-2021-3156)"
            }
            Self::LocalReconnaissanceToolExecution => {
                "Discovery: Local Reconnaissance Tool Execution"
            }
            Self::KubernetesAttackToolExecution => "Execution: Kubernetes Attack Tool Execution",
            Self::ContainerEscape => "Privilege Escalation: Container Escape",
            Self::SearchPrivateKeysOrPasswords => {
                "Credential Access: Search Private Keys or Passwords"
            }
            Self::FindGcpCredentials => "Credential Access: Find Google Cloud Credentials",
            Self::LaunchRemoteFileCopyToolsInContainer => {
                "Exfiltration: Launch Remote File Copy Tools in Container"
            }
            Self::AddedBinaryExecuted => "Execution: Added Binary Executed",
            Self::FilelessExecutionDetectionMemfd => {
                "Defense Evasion: Fileless Execution from memfd"
            }
            Self::FilelessExecutionDetectionShm => "Defense Evasion: Execution from /dev/shm",
            Self::NetcatRemoteCodeExecutionInContainer => {
                "Execution: Netcat Remote Code Execution in Container"
            }
            Self::SocatReverseShellDetected => "Execution: Socat Reverse Shell Detected",
            Self::Base64ElfFileCmdline => "Defense Evasion: Base64 ELF File Command Line",
            Self::Base64EncodedPythonScriptExecuted => {
                "Defense Evasion: Base64 Encoded Python Script Executed"
            }
            Self::Base64EncodedShellScriptExecuted => {
                "Defense Evasion: Base64 Encoded Shell Script Executed"
            }
            Self::UnexpectedChildShell => "Execution: Unexpected Child Shell",
            Self::MaliciousScriptExecuted => "Execution: Malicious Script Executed",
            Self::PolkitLocalPrivilegeEscalationVulnerability => {
                "Privilege Escalation: Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)"
            }
            Self::AddedLibraryLoaded => "Execution: Added Library Loaded",
            Self::BuiltInMaliciousLibraryLoaded => "Execution: Built in Malicious Library Loaded",
            Self::AddedMaliciousLibraryLoaded => "Execution: Added Malicious Library Loaded",
            Self::ModifiedMaliciousLibraryLoaded => "Execution: Modified Malicious Library Loaded",
        }
    }

    /// `moduleName`.
    pub fn module_name(self) -> &'static str {
        match self {
            Self::BuiltInMaliciousBinaryExecuted => "BUILT_IN_MALICIOUS_BINARY_EXECUTED",
            Self::AddedMaliciousBinaryExecuted => "ADDED_MALICIOUS_BINARY_EXECUTED",
            Self::ModifiedMaliciousBinaryExecuted => "MODIFIED_MALICIOUS_BINARY_EXECUTED",
            Self::MaliciousPythonExecuted => "MALICIOUS_PYTHON_EXECUTED",
            Self::ReverseShell => "REVERSE_SHELL",
            Self::LaunchCodeCompilerToolInContainer => "LAUNCH_CODE_COMPILER_TOOL_IN_CONTAINER",
            Self::PossibleRemoteCommandExecutionDetected => {
                "POSSIBLE_REMOTE_COMMAND_EXECUTION_DETECTED"
            }
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol => {
                "SUSPICIOUS_CRYPTO_MINING_ACTIVITY_USING_STRATUM_PROTOCOL"
            }
            Self::AbuseSudoForPrivilegeEscalation => "ABUSE_SUDO_FOR_PRIVILEGE_ESCALATION",
            Self::SudoPotentialPrivilegeEscalation => "SUDO_POTENTIAL_PRIVILEGE_ESCALATION",
            Self::LocalReconnaissanceToolExecution => "LOCAL_RECONNAISSANCE_TOOL_EXECUTION",
            Self::KubernetesAttackToolExecution => "KUBERNETES_ATTACK_TOOL_EXECUTION",
            Self::ContainerEscape => "CONTAINER_ESCAPE",
            Self::SearchPrivateKeysOrPasswords => "SEARCH_PRIVATE_KEYS_OR_PASSWORDS",
            Self::FindGcpCredentials => "FIND_GCP_CREDENTIALS",
            Self::LaunchRemoteFileCopyToolsInContainer => {
                "LAUNCH_REMOTE_FILE_COPY_TOOLS_IN_CONTAINER"
            }
            Self::AddedBinaryExecuted => "ADDED_BINARY_EXECUTED",
            Self::FilelessExecutionDetectionMemfd => "FILELESS_EXECUTION_DETECTION_MEMFD",
            Self::FilelessExecutionDetectionShm => "FILELESS_EXECUTION_DETECTION_SHM",
            Self::NetcatRemoteCodeExecutionInContainer => {
                "NETCAT_REMOTE_CODE_EXECUTION_IN_CONTAINER"
            }
            Self::SocatReverseShellDetected => "SOCAT_REVERSE_SHELL_DETECTED",
            Self::Base64ElfFileCmdline => "BASE64_ELF_FILE_CMDLINE",
            Self::Base64EncodedPythonScriptExecuted => "BASE64_ENCODED_PYTHON_SCRIPT_EXECUTED",
            Self::Base64EncodedShellScriptExecuted => "BASE64_ENCODED_SHELL_SCRIPT_EXECUTED",
            Self::UnexpectedChildShell => "UNEXPECTED_CHILD_SHELL",
            Self::MaliciousScriptExecuted => "MALICIOUS_SCRIPT_EXECUTED",
            Self::PolkitLocalPrivilegeEscalationVulnerability => {
                "POLKIT_LOCAL_PRIVILEGE_ESCALATION_VULNERABILITY"
            }
            Self::AddedLibraryLoaded => "ADDED_LIBRARY_LOADED",
            Self::BuiltInMaliciousLibraryLoaded => "BUILT_IN_MALICIOUS_LIBRARY_LOADED",
            Self::AddedMaliciousLibraryLoaded => "ADDED_MALICIOUS_LIBRARY_LOADED",
            Self::ModifiedMaliciousLibraryLoaded => "MODIFIED_MALICIOUS_LIBRARY_LOADED",
        }
    }

    /// Looks a finding type up by module name (case-insensitive) or by its kebab-case form
    /// (`reverse-shell`).
    pub fn from_name(name: &str) -> Option<Self> {
        let norm = name.trim().replace('-', "_").to_ascii_uppercase();
        ALL_FINDING_TYPES
            .into_iter()
            .find(|t| t.module_name() == norm)
    }

    /// Severity.
    pub fn severity(self) -> Severity {
        match self {
            Self::BuiltInMaliciousBinaryExecuted
            | Self::AddedMaliciousBinaryExecuted
            | Self::ModifiedMaliciousBinaryExecuted
            | Self::MaliciousPythonExecuted
            | Self::ReverseShell => Severity::Critical,
            Self::LaunchCodeCompilerToolInContainer => Severity::Low,
            Self::PossibleRemoteCommandExecutionDetected => Severity::Medium,
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol
            | Self::AbuseSudoForPrivilegeEscalation
            | Self::SudoPotentialPrivilegeEscalation
            | Self::KubernetesAttackToolExecution
            | Self::FindGcpCredentials => Severity::High,
            Self::ContainerEscape => Severity::Critical,
            Self::LocalReconnaissanceToolExecution
            | Self::SearchPrivateKeysOrPasswords
            | Self::LaunchRemoteFileCopyToolsInContainer => Severity::Medium,
            Self::AddedBinaryExecuted => Severity::High,
            Self::FilelessExecutionDetectionMemfd => Severity::High,
            Self::FilelessExecutionDetectionShm => Severity::High,
            Self::NetcatRemoteCodeExecutionInContainer => Severity::Critical,
            Self::SocatReverseShellDetected => Severity::Critical,
            Self::Base64ElfFileCmdline => Severity::High,
            Self::Base64EncodedPythonScriptExecuted => Severity::High,
            Self::Base64EncodedShellScriptExecuted => Severity::High,
            Self::UnexpectedChildShell => Severity::High,
            Self::MaliciousScriptExecuted => Severity::Critical,
            Self::PolkitLocalPrivilegeEscalationVulnerability => Severity::High,
            Self::AddedLibraryLoaded => Severity::High,
            Self::BuiltInMaliciousLibraryLoaded
            | Self::AddedMaliciousLibraryLoaded
            | Self::ModifiedMaliciousLibraryLoaded => Severity::Critical,
        }
    }

    /// Primary tactic.
    pub fn tactic(self) -> Tactic {
        match self {
            Self::LaunchCodeCompilerToolInContainer => Tactic::DefenseEvasion,
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol => Tactic::Impact,
            Self::AbuseSudoForPrivilegeEscalation
            | Self::SudoPotentialPrivilegeEscalation
            | Self::PolkitLocalPrivilegeEscalationVulnerability
            | Self::ContainerEscape => Tactic::PrivilegeEscalation,
            Self::LocalReconnaissanceToolExecution => Tactic::Discovery,
            Self::SearchPrivateKeysOrPasswords | Self::FindGcpCredentials => {
                Tactic::CredentialAccess
            }
            Self::LaunchRemoteFileCopyToolsInContainer => Tactic::Exfiltration,
            Self::FilelessExecutionDetectionMemfd => Tactic::DefenseEvasion,
            Self::FilelessExecutionDetectionShm => Tactic::DefenseEvasion,
            Self::Base64ElfFileCmdline => Tactic::DefenseEvasion,
            Self::Base64EncodedPythonScriptExecuted => Tactic::DefenseEvasion,
            Self::Base64EncodedShellScriptExecuted => Tactic::DefenseEvasion,

            _ => Tactic::Execution,
        }
    }

    /// Primary techniques, most specific first.
    pub fn techniques(self) -> &'static [Technique] {
        use Technique::*;
        match self {
            Self::BuiltInMaliciousBinaryExecuted
            | Self::AddedMaliciousBinaryExecuted
            | Self::ModifiedMaliciousBinaryExecuted => &[IngressToolTransfer, NativeApi],
            Self::MaliciousPythonExecuted => &[Python, IngressToolTransfer],
            Self::ReverseShell | Self::PossibleRemoteCommandExecutionDetected => {
                &[UnixShell, CommandAndScriptingInterpreter]
            }
            Self::LaunchCodeCompilerToolInContainer => {
                &[CompileAfterDelivery, ObfuscatedFilesOrInfo]
            }
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol => &[ResourceHijacking],
            Self::AbuseSudoForPrivilegeEscalation => &[
                AbuseElevationControlMechanism,
                ExploitationForPrivilegeEscalation,
            ],
            Self::SudoPotentialPrivilegeEscalation => &[
                ExploitationForPrivilegeEscalation,
                AbuseElevationControlMechanism,
            ],
            Self::LocalReconnaissanceToolExecution => {
                &[SystemInformationDiscovery, ContainerAndResourceDiscovery]
            }
            Self::KubernetesAttackToolExecution => &[
                ContainerAdministrationCommand,
                ContainerAndResourceDiscovery,
            ],
            Self::ContainerEscape => &[EscapeToHost],
            Self::SearchPrivateKeysOrPasswords => &[PrivateKeys, CredentialsInFiles],
            Self::FindGcpCredentials => &[CredentialsInFiles, UnsecuredCredentials],
            Self::LaunchRemoteFileCopyToolsInContainer => {
                &[ExfiltrationOverAlternativeProtocol, IngressToolTransfer]
            }
            Self::AddedBinaryExecuted => &[IngressToolTransfer],
            Self::FilelessExecutionDetectionMemfd => {
                &[ReflectiveCodeLoading, ObfuscatedFilesOrInfo]
            }
            Self::FilelessExecutionDetectionShm => &[ObfuscatedFilesOrInfo, IngressToolTransfer],
            Self::NetcatRemoteCodeExecutionInContainer => {
                &[UnixShell, CommandAndScriptingInterpreter]
            }
            Self::SocatReverseShellDetected => &[UnixShell, CommandAndScriptingInterpreter],
            Self::Base64ElfFileCmdline => &[ObfuscatedFilesOrInfo, DeobfuscateDecodeFilesOrInfo],
            Self::Base64EncodedPythonScriptExecuted => {
                &[ObfuscatedFilesOrInfo, DeobfuscateDecodeFilesOrInfo]
            }
            Self::Base64EncodedShellScriptExecuted => {
                &[ObfuscatedFilesOrInfo, DeobfuscateDecodeFilesOrInfo]
            }
            Self::UnexpectedChildShell => &[UnixShell, ExploitPublicFacingApplication],
            Self::MaliciousScriptExecuted => &[CommandAndScriptingInterpreter, UnixShell],
            Self::PolkitLocalPrivilegeEscalationVulnerability => &[
                ExploitationForPrivilegeEscalation,
                AbuseElevationControlMechanism,
            ],
            Self::AddedLibraryLoaded
            | Self::BuiltInMaliciousLibraryLoaded
            | Self::AddedMaliciousLibraryLoaded
            | Self::ModifiedMaliciousLibraryLoaded => &[SharedModules, IngressToolTransfer],
        }
    }

    /// One-sentence description used in findings.
    pub fn description(self) -> &'static str {
        match self {
            Self::BuiltInMaliciousBinaryExecuted => {
                "A binary that shipped in the container image was executed and matches threat intelligence: the image or its build pipeline may be compromised."
            }
            Self::AddedMaliciousBinaryExecuted => {
                "A binary that is not part of the container image (written at run time) was executed and matches threat intelligence: an attacker likely brought a tool into the container."
            }
            Self::ModifiedMaliciousBinaryExecuted => {
                "A binary from the container image that was modified at run time was executed and matches threat intelligence: an attacker likely replaced a trusted program."
            }
            Self::MaliciousPythonExecuted => {
                "The machine-learning model scored Python code executed in the workload as malicious."
            }
            Self::ReverseShell => {
                "A process started with its standard input or output redirected to a connected network socket: an attacker may be driving a shell remotely."
            }
            Self::LaunchCodeCompilerToolInContainer => {
                "A compiler, assembler or linker was started inside a container: code may be being built in place to evade image-based controls."
            }
            Self::PossibleRemoteCommandExecutionDetected => {
                "A common UNIX command was started with a network socket on its standard streams, or under a shell that has one: commands may be arriving over the network."
            }
            Self::SuspiciousCryptoMiningActivityUsingStratumProtocol => {
                "A process in a container was started with a Stratum mining-pool address in its arguments: a cryptocurrency miner is likely using the workload's resources."
            }
            Self::AbuseSudoForPrivilegeEscalation => {
                "sudo was asked to run a command as user ID -1, the CVE-2019-14287 trick that older sudo versions turn into root despite a rule excluding root."
            }
            Self::SudoPotentialPrivilegeEscalation => {
                "sudoedit was started in shell mode with an argument ending in a backslash, the shape of the CVE-2021-3156 (Baron Samedit) heap overflow exploit."
            }
            Self::LocalReconnaissanceToolExecution => {
                "A known local enumeration tool, used to hunt for ways to become root or leave the container, was started in a container."
            }
            Self::KubernetesAttackToolExecution => {
                "A known Kubernetes attack tool was started in a container: someone may be probing the cluster from inside a pod."
            }
            Self::ContainerEscape => {
                "A container-escape tool or technique (nsenter into process 1, a cgroup release_agent or the kernel core_pattern) was used in a container: the host may be compromised."
            }
            Self::SearchPrivateKeysOrPasswords => {
                "A search tool was started in a container looking for private keys or passwords: someone may be harvesting credentials."
            }
            Self::FindGcpCredentials => {
                "A search tool was started in a container looking for Google Cloud credentials: someone may be trying to reach the cloud project from the container."
            }
            Self::LaunchRemoteFileCopyToolsInContainer => {
                "A remote file copy tool was started in a container: data may be leaving, or tools arriving."
            }
            Self::AddedBinaryExecuted => {
                "A binary that is not part of the container image (written or modified at run time) was executed in a container."
            }
            Self::FilelessExecutionDetectionMemfd => {
                "A program was executed from an anonymous memory file (memfd_create) in a container: it never touched the disk."
            }
            Self::FilelessExecutionDetectionShm => {
                "A program was executed from /dev/shm, the shared-memory tmpfs, in a container: a common drop location that leaves no trace in the image layers."
            }
            Self::NetcatRemoteCodeExecutionInContainer => {
                "netcat was started in a container with an option that runs a program on the connection (-e, -c, --exec): whoever is on the other end gets a shell."
            }
            Self::SocatReverseShellDetected => {
                "socat was started in a container joining a network address to a program (EXEC: or SYSTEM:): a reverse or bind shell."
            }
            Self::Base64ElfFileCmdline => {
                "A command line in a container carries a base64-encoded ELF executable."
            }
            Self::Base64EncodedPythonScriptExecuted => {
                "A command line in a container carries base64-encoded Python code."
            }
            Self::Base64EncodedShellScriptExecuted => {
                "A command line in a container carries base64-encoded shell code."
            }
            Self::UnexpectedChildShell => {
                "A shell was started in a container by a process that should not start shells (a web server, application server or database): a sign of remote code execution through the application."
            }
            Self::MaliciousScriptExecuted => {
                "A script whose contents match a YARA rule loaded as threat intelligence, or a shell script that Shrike's scoring method rates as malicious, was executed: an attacker's script may be running in the workload."
            }
            Self::PolkitLocalPrivilegeEscalationVulnerability => {
                "pkexec was started in a container with no arguments or with GCONV_PATH in its environment, the shape of the CVE-2021-4034 (PwnKit) exploit that turns a local user into root."
            }
            Self::AddedLibraryLoaded => {
                "A shared library that is not part of the container image (written or modified at run time) was loaded into a process in a container."
            }
            Self::BuiltInMaliciousLibraryLoaded => {
                "A shared library that shipped in the container image was loaded and matches threat intelligence: the image or its build pipeline may be compromised."
            }
            Self::AddedMaliciousLibraryLoaded => {
                "A shared library that is not part of the container image (written at run time) was loaded and matches threat intelligence: an attacker likely brought code into the container."
            }
            Self::ModifiedMaliciousLibraryLoaded => {
                "A shared library from the container image that was modified at run time was loaded and matches threat intelligence: an attacker likely replaced trusted code."
            }
        }
    }

    /// Bit used to remember which detectors already fired for a process (the process table
    /// keeps them in a `u32`; a check below holds the catalogue to that).
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

const _: () = assert!(
    ALL_FINDING_TYPES.len() <= 32,
    "FindingType::bit and the process table's fired mask hold at most 32 types"
);

impl std::fmt::Display for FindingType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.category())
    }
}
