use super::message::{ascii_json, fit_datagram, header, timestamp};
use super::{SyslogSinkConfig, SyslogTransport};
use crate::ocsf::to_ocsf;
use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::path::PathBuf;
use std::time::Duration;

/// How long connecting to a TCP receiver may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one write to a TCP receiver may block before the delivery fails.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// An open connection to the receiver.
enum Transport {
    /// A UDP socket connected to the receiver, so a receiver that is not listening shows up as
    /// an error (ICMP port unreachable) on a later send instead of never.
    Udp(UdpSocket),
    /// `None` after a failure: the next delivery connects again.
    Tcp {
        host: String,
        port: u16,
        stream: Option<TcpStream>,
    },
    /// A datagram socket connected to the path; connected again when the receiver restarted.
    Unix { path: PathBuf, socket: UnixDatagram },
}

/// Sends each finding as an RFC 5424 syslog message whose MSG is its OCSF record.
pub struct SyslogSink {
    name: String,
    config: SyslogSinkConfig,
    local_hostname: String,
    procid: u32,
    transport: Transport,
}

/// Resolves `host:port`, every address it has.
fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs()?.collect();
    if addrs.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("{host} has no address"),
        ));
    }
    Ok(addrs)
}

/// Connects to the first address of `host:port` that accepts.
fn connect_tcp(host: &str, port: u16) -> io::Result<TcpStream> {
    let mut last = None;
    for addr in resolve(host, port)? {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(stream) => {
                stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no address to connect to")))
}

/// True when the receiver has closed the connection (or it failed). Receivers never send, so
/// a readable socket with nothing to read is an orderly close. Checking before each write
/// catches the common case (the receiver restarted) before a message is written into a
/// connection that can no longer deliver it.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let closed = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

/// This machine's host name, from the kernel.
fn local_hostname() -> String {
    let mut name = String::new();
    let read = std::fs::File::open("/proc/sys/kernel/hostname")
        .and_then(|f| f.take(256).read_to_string(&mut name));
    match read {
        Ok(_) => name.trim().to_owned(),
        Err(_) => String::new(),
    }
}

impl SyslogSink {
    /// Opens the transport. UDP resolves the receiver once; TCP and unix connect now, so a
    /// receiver that is not there is reported at start rather than at the first finding.
    pub fn open(config: &SyslogSinkConfig) -> io::Result<Self> {
        let transport = match &config.transport {
            SyslogTransport::Udp { host, port } => {
                let addr = resolve(host, *port)?[0];
                let local: SocketAddr = if addr.is_ipv4() {
                    ([0, 0, 0, 0], 0).into()
                } else {
                    ([0u16; 8], 0).into()
                };
                let socket = UdpSocket::bind(local)?;
                socket.connect(addr)?;
                Transport::Udp(socket)
            }
            SyslogTransport::Tcp { host, port } => Transport::Tcp {
                host: host.clone(),
                port: *port,
                stream: Some(connect_tcp(host, *port)?),
            },
            SyslogTransport::Unix(path) => {
                let socket = UnixDatagram::unbound()?;
                socket.connect(path)?;
                Transport::Unix {
                    path: path.clone(),
                    socket,
                }
            }
        };
        Ok(Self {
            name: config.to_string(),
            config: config.clone(),
            local_hostname: local_hostname(),
            procid: std::process::id(),
            transport,
        })
    }

    fn io(&self, source: io::Error) -> SinkError {
        SinkError::Io {
            sink: self.name.clone(),
            source,
        }
    }

    /// The whole message for a finding: header, then the OCSF record (cut to fit for
    /// datagram transports).
    pub fn message(&self, finding: &FindingEnvelope) -> Vec<u8> {
        let hostname = self
            .config
            .hostname
            .as_deref()
            .or(finding.resource.host.as_deref().filter(|h| !h.is_empty()))
            .unwrap_or(&self.local_hostname);
        let head = header(
            self.config.facility,
            finding.finding.severity,
            &timestamp(shrike_core::time::now_ns()),
            hostname,
            self.procid,
            &finding.finding.module_name,
        );
        let record = to_ocsf(finding);
        let body = match self.config.transport {
            SyslogTransport::Tcp { .. } => ascii_json(&record),
            SyslogTransport::Udp { .. } | SyslogTransport::Unix(_) => {
                fit_datagram(&record, self.config.max_datagram.saturating_sub(head.len()))
            }
        };
        let mut msg = head.into_bytes();
        msg.extend_from_slice(&body);
        msg
    }

    fn send(&mut self, msg: &[u8]) -> io::Result<()> {
        match &mut self.transport {
            Transport::Udp(socket) => socket.send(msg).map(drop),
            Transport::Tcp { host, port, stream } => {
                if stream.as_ref().is_some_and(peer_closed) {
                    *stream = None;
                }
                let s = match stream {
                    Some(s) => s,
                    None => stream.insert(connect_tcp(host, *port)?),
                };
                // Octet counting (RFC 6587 §3.4.1): "LEN SP MSG", one write per frame.
                let mut frame = format!("{} ", msg.len()).into_bytes();
                frame.extend_from_slice(msg);
                let sent = s.write_all(&frame);
                if sent.is_err() {
                    // A frame may be half written: never write after it on this connection.
                    *stream = None;
                }
                sent
            }
            Transport::Unix { path, socket } => match socket.send(msg) {
                Ok(_) => Ok(()),
                // The receiver (journald, rsyslog) restarted and bound a new socket: a
                // datagram is all or nothing, so sending it again cannot duplicate it.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionRefused | io::ErrorKind::NotConnected
                    ) =>
                {
                    let fresh = UnixDatagram::unbound()?;
                    fresh.connect(&*path)?;
                    *socket = fresh;
                    socket.send(msg).map(drop)
                }
                Err(e) => Err(e),
            },
        }
    }
}

impl Sink for SyslogSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        let msg = self.message(finding);
        self.send(&msg).map_err(|e| self.io(e))
    }

    /// Messages are handed to the kernel as they are delivered; there is nothing buffered here.
    fn flush(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
}
