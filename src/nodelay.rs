//! `TCP_NODELAY` on the plugin's gRPC connection.
//!
//! tf-provider 0.2.2 binds its own listener and hands the accepted streams to tonic, so the
//! connection Terraform dials keeps Nagle's algorithm: a gRPC answer written in several small
//! frames then waits out the peer's delayed ACK (40 ms on Linux; docs/performance.md).
//! tf-provider offers no hook between binding the listener and printing the go-plugin handshake
//! line, but that line is the only signal Terraform waits for before it connects. So
//! [`install`] points this process's stdout at a pipe; a thread reads it line by line, and on the
//! handshake line (`1|6|tcp|127.0.0.1:PORT|grpc|CERT`) finds the listening socket on that port
//! among the process's own descriptors, sets `TCP_NODELAY` on it (accepted sockets inherit it on
//! Linux and macOS), and only then passes the line on to the real stdout. Every other line is
//! passed on unchanged. Whatever fails, the line still goes out and a warning is logged: the
//! handshake never breaks.
//!
//! At trace level, once Terraform has connected, the thread also logs whether the connection(s)
//! accepted on that port have the option (`plugin connection 127.0.0.1:PORT … tcp_nodelay=true`).
//!
//! `OIG_PLUGIN_TCP_NODELAY=0` leaves the option unset (the check still runs): a control for the
//! test and a way back should the workaround ever misbehave.
//!
//! WORKAROUND: remove this module, and its `nodelay::install()` call in main.rs, when
//! tf-provider sets (or exposes) `TCP_NODELAY` on the sockets it accepts.

use std::net::SocketAddr;

/// Redirects stdout through the handshake watcher. Call once, before `tf_provider::serve`, after
/// logging is set up; a no-op on platforms other than Linux and macOS.
pub fn install() {
    imp::install();
}

/// The endpoint of a go-plugin handshake line
/// (`CORE-VERSION|APP-VERSION|NETWORK|ADDRESS|PROTOCOL[|CERT]`) when its network is `tcp`.
#[cfg_attr(not(any(target_os = "linux", target_os = "macos")), allow(dead_code))]
fn handshake_endpoint(line: &[u8]) -> Option<SocketAddr> {
    let line = std::str::from_utf8(line)
        .ok()?
        .trim_end_matches(['\r', '\n']);
    let fields: Vec<&str> = line.split('|').collect();
    if fields.len() < 5 || fields[..2].iter().any(|v| v.parse::<u32>().is_err()) {
        return None;
    }
    if fields[2] != "tcp" {
        return None;
    }
    fields[3].parse().ok()
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod imp {
    pub fn install() {}
}

#[cfg(any(target_os = "linux", target_os = "macos"))]
mod imp {
    use std::fs::File;
    use std::io::{self, BufRead, BufReader, Write};
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
    use std::time::{Duration, Instant};

    use super::handshake_endpoint;

    /// How long the trace-level check waits for Terraform to connect.
    const CONNECT_WAIT: Duration = Duration::from_secs(10);

    pub fn install() {
        let set_option = std::env::var("OIG_PLUGIN_TCP_NODELAY").map_or(true, |v| v.trim() != "0");
        if !set_option {
            tracing::debug!("TCP_NODELAY workaround off (OIG_PLUGIN_TCP_NODELAY=0)");
        }
        if let Err(e) = redirect_stdout(set_option) {
            tracing::warn!("TCP_NODELAY workaround not installed: {e}");
        }
    }

    fn cvt(ret: libc::c_int) -> io::Result<libc::c_int> {
        if ret < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(ret)
        }
    }

    /// Starts the forwarding thread on a new pipe, then points fd 1 at the pipe. Any failure
    /// leaves fd 1 as it was (a thread already started sees end-of-file and ends).
    fn redirect_stdout(set_option: bool) -> io::Result<()> {
        io::stdout().flush()?;
        // SAFETY: plain descriptor calls; every returned descriptor is owned exactly once.
        let (real, read, write) = unsafe {
            let real = OwnedFd::from_raw_fd(cvt(libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3))?);
            let mut fds = [-1 as RawFd; 2];
            cvt(libc::pipe(fds.as_mut_ptr()))?;
            let (read, write) = (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1]));
            for fd in [&read, &write] {
                cvt(libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC))?;
            }
            (real, read, write)
        };
        let (pipe, out) = (File::from(read), File::from(real));
        std::thread::Builder::new()
            .name("plugin-stdout".into())
            .spawn(move || forward(pipe, out, set_option))?;
        // SAFETY: both descriptors are open; dup2 replaces fd 1 atomically.
        cvt(unsafe { libc::dup2(write.as_raw_fd(), 1) })?;
        Ok(())
    }

    /// Passes every line from the pipe on to the real stdout, flushing after each; the first
    /// handshake line only after `TCP_NODELAY` is set on its listener. Never stops reading while
    /// anything can write to stdout, so a print never fails for want of a reader.
    fn forward(pipe: File, mut out: File, set_option: bool) {
        let mut pipe = BufReader::new(pipe);
        let mut line = Vec::new();
        let mut seen_handshake = false;
        loop {
            line.clear();
            match pipe.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    tracing::warn!("plugin stdout pipe: {e}");
                    return;
                }
            }
            let endpoint = if seen_handshake {
                None
            } else {
                handshake_endpoint(&line)
            };
            if let Some(endpoint) = endpoint {
                seen_handshake = true;
                if set_option {
                    match set_listener_nodelay(endpoint) {
                        Ok(fd) => tracing::debug!(
                            "TCP_NODELAY set on the plugin listener {endpoint} (fd {fd})"
                        ),
                        Err(e) => tracing::warn!(
                            "TCP_NODELAY not set on the plugin listener {endpoint}: {e}"
                        ),
                    }
                }
            }
            // A failed write (Terraform gone) is not ours to report: keep draining.
            let _ = out.write_all(&line).and_then(|()| out.flush());
            if let Some(endpoint) = endpoint {
                if tracing::enabled!(tracing::Level::TRACE) {
                    let _ = std::thread::Builder::new()
                        .name("plugin-nodelay-check".into())
                        .spawn(move || log_connections(endpoint));
                }
            }
        }
    }

    /// A TCP socket of this process.
    struct Socket {
        fd: RawFd,
        local: SocketAddr,
        listening: bool,
    }

    fn set_listener_nodelay(endpoint: SocketAddr) -> io::Result<RawFd> {
        let listener = tcp_sockets()
            .into_iter()
            .find(|s| s.listening && s.local == endpoint)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no listening socket"))?;
        let on: libc::c_int = 1;
        // SAFETY: `on` outlives the call and its size is passed.
        cvt(unsafe {
            libc::setsockopt(
                listener.fd,
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        })?;
        match int_option(listener.fd, libc::IPPROTO_TCP, libc::TCP_NODELAY)? {
            0 => Err(io::Error::other("the option did not stick")),
            _ => Ok(listener.fd),
        }
    }

    /// Waits for the connection(s) accepted on `endpoint` and logs, once, whether each has
    /// `TCP_NODELAY`.
    fn log_connections(endpoint: SocketAddr) {
        let start = Instant::now();
        loop {
            let conns: Vec<Socket> = tcp_sockets()
                .into_iter()
                .filter(|s| !s.listening && s.local == endpoint)
                .collect();
            if !conns.is_empty() {
                for c in conns {
                    let peer = sockaddr(c.fd, libc::getpeername)
                        .map_or_else(|| "?".to_string(), |p| p.to_string());
                    match int_option(c.fd, libc::IPPROTO_TCP, libc::TCP_NODELAY) {
                        Ok(v) => tracing::trace!(
                            "plugin connection {endpoint} from {peer} tcp_nodelay={}",
                            v != 0
                        ),
                        Err(e) => tracing::trace!(
                            "plugin connection {endpoint} from {peer} tcp_nodelay unknown: {e}"
                        ),
                    }
                }
                return;
            }
            if start.elapsed() > CONNECT_WAIT {
                tracing::trace!("no plugin connection on {endpoint} within {CONNECT_WAIT:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// The TCP sockets among this process's descriptors (`/dev/fd` lists them on Linux and
    /// macOS; the first 4096 descriptors otherwise).
    fn tcp_sockets() -> Vec<Socket> {
        let fds: Vec<RawFd> = match std::fs::read_dir("/dev/fd") {
            Ok(dir) => dir
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect(),
            Err(_) => (0..4096).collect(),
        };
        fds.into_iter()
            .filter_map(|fd| {
                if int_option(fd, libc::SOL_SOCKET, libc::SO_TYPE).ok()? != libc::SOCK_STREAM {
                    return None;
                }
                let local = sockaddr(fd, libc::getsockname)?;
                let listening = int_option(fd, libc::SOL_SOCKET, libc::SO_ACCEPTCONN).ok()? != 0;
                Some(Socket {
                    fd,
                    local,
                    listening,
                })
            })
            .collect()
    }

    fn int_option(fd: RawFd, level: libc::c_int, name: libc::c_int) -> io::Result<libc::c_int> {
        let mut value: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: `value` and `len` outlive the call and `len` holds `value`'s size.
        cvt(unsafe {
            libc::getsockopt(
                fd,
                level,
                name,
                (&mut value as *mut libc::c_int).cast(),
                &mut len,
            )
        })?;
        Ok(value)
    }

    type NameFn =
        unsafe extern "C" fn(libc::c_int, *mut libc::sockaddr, *mut libc::socklen_t) -> libc::c_int;

    /// The socket's own (`getsockname`) or peer (`getpeername`) address, for IPv4 and IPv6.
    fn sockaddr(fd: RawFd, name: NameFn) -> Option<SocketAddr> {
        // SAFETY: a zeroed sockaddr_storage is valid, large enough for every family, and the
        // family read decides which (smaller) struct the bytes are read as.
        unsafe {
            let mut storage: libc::sockaddr_storage = std::mem::zeroed();
            let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            if name(
                fd,
                (&mut storage as *mut libc::sockaddr_storage).cast(),
                &mut len,
            ) < 0
            {
                return None;
            }
            match storage.ss_family as libc::c_int {
                libc::AF_INET => {
                    let a =
                        &*(&storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in>();
                    Some(SocketAddr::V4(SocketAddrV4::new(
                        Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)),
                        u16::from_be(a.sin_port),
                    )))
                }
                libc::AF_INET6 => {
                    let a =
                        &*(&storage as *const libc::sockaddr_storage).cast::<libc::sockaddr_in6>();
                    Some(SocketAddr::V6(SocketAddrV6::new(
                        Ipv6Addr::from(a.sin6_addr.s6_addr),
                        u16::from_be(a.sin6_port),
                        a.sin6_flowinfo,
                        a.sin6_scope_id,
                    )))
                }
                _ => None,
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The listener lookup finds a real listener by its address and the option sticks; an
        /// accepted connection inherits it (the behaviour the workaround relies on).
        #[test]
        fn sets_the_option_on_the_listener_and_accepted_sockets_inherit_it() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            let addr = listener.local_addr().expect("addr");
            let fd = set_listener_nodelay(addr).expect("listener found");
            assert_eq!(fd, listener.as_raw_fd());
            let client = std::net::TcpStream::connect(addr).expect("connect");
            let (accepted, _) = listener.accept().expect("accept");
            assert!(
                accepted.nodelay().expect("nodelay"),
                "inherited TCP_NODELAY"
            );
            let own = tcp_sockets();
            assert!(own
                .iter()
                .any(|s| s.fd == accepted.as_raw_fd() && !s.listening));
            assert!(own
                .iter()
                .any(|s| s.fd == client.as_raw_fd() && s.local != addr));
        }

        #[test]
        fn a_missing_listener_is_an_error_not_a_panic() {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            let addr = listener.local_addr().expect("addr");
            drop(listener);
            assert!(set_listener_nodelay(addr).is_err());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::handshake_endpoint;

    #[test]
    fn parses_the_tcp_endpoint_of_a_handshake_line() {
        let line = b"1|6|tcp|127.0.0.1:10123|grpc|MIIBkTCCAR\n";
        assert_eq!(
            handshake_endpoint(line),
            Some("127.0.0.1:10123".parse().unwrap())
        );
        // No certificate (no PLUGIN_CLIENT_CERT), CRLF, IPv6.
        assert_eq!(
            handshake_endpoint(b"1|6|tcp|[::1]:1025|grpc|\r\n"),
            Some("[::1]:1025".parse().unwrap())
        );
        assert_eq!(
            handshake_endpoint(b"1|6|tcp|127.0.0.1:1025|grpc"),
            Some("127.0.0.1:1025".parse().unwrap())
        );
    }

    #[test]
    fn other_lines_are_not_handshakes() {
        for line in [
            &b""[..],
            b"\n",
            b"hello world\n",
            b"1|6|unix|/tmp/plugin123|grpc|\n",
            b"1|6|tcp|localhost:1234|grpc|\n",
            b"1|6|tcp|127.0.0.1|grpc|\n",
            b"x|6|tcp|127.0.0.1:1234|grpc|\n",
            b"1|6|tcp|127.0.0.1:1234\n",
            b"1|6|tcp|127.0.0.1:99999|grpc|\n",
            b"\xff|6|tcp|127.0.0.1:1234|grpc|\n",
        ] {
            assert_eq!(handshake_endpoint(line), None, "{line:?}");
        }
    }
}
