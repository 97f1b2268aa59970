//! Moving bytes between a socket and a state machine: the only I/O in the examples.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// What one wait on the socket gave.
#[derive(Debug)]
pub enum Input {
    /// Bytes arrived.
    Bytes(usize),
    /// The deadline passed first.
    Timeout,
    /// The peer closed the connection.
    Closed,
}

/// Reads into `buf`, waiting at most until `deadline` (or indefinitely for `None`).
pub fn read_until(
    stream: &mut TcpStream,
    buf: &mut [u8],
    deadline: Option<Instant>,
) -> io::Result<Input> {
    let wait = match deadline {
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Input::Timeout);
            }
            Some(left.max(Duration::from_millis(1)))
        }
        None => None,
    };
    stream.set_read_timeout(wait)?;
    match stream.read(buf) {
        Ok(0) => Ok(Input::Closed),
        Ok(n) => Ok(Input::Bytes(n)),
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(Input::Timeout)
        }
        Err(e) => Err(e),
    }
}

/// Takes what the peer has already sent, without waiting: `Timeout` when nothing is
/// there yet.
pub fn read_ready(stream: &mut TcpStream, buf: &mut [u8]) -> io::Result<Input> {
    stream.set_nonblocking(true)?;
    let got = stream.read(buf);
    stream.set_nonblocking(false)?;
    match got {
        Ok(0) => Ok(Input::Closed),
        Ok(n) => Ok(Input::Bytes(n)),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(Input::Timeout),
        Err(e) => Err(e),
    }
}

/// How long the accept loop waits after a failed accept (no file descriptor left).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// How long a closed session waits for its peer to close too.
pub const LINGER: Duration = Duration::from_secs(2);

/// Ends a connection the machine has closed so that its last reply arrives: closing
/// a socket with unread input makes the kernel send a reset, which can destroy the
/// reply in flight (a client still streaming a body would never see its 552). So the
/// write side is shut first and the peer's input is read and dropped until it
/// closes too, for at most `linger`.
pub fn close_lingering(mut stream: TcpStream, linger: Duration) {
    if stream.shutdown(std::net::Shutdown::Write).is_err() {
        return;
    }
    let end = Instant::now() + linger;
    let mut sink = [0u8; 16 * 1024];
    while let Ok(Input::Bytes(_)) = read_until(&mut stream, &mut sink, Some(end)) {}
}

/// Writes every buffer the machine hands out.
pub fn write_all(
    stream: &mut TcpStream,
    mut next: impl FnMut() -> Option<bytes::Bytes>,
) -> io::Result<()> {
    while let Some(out) = next() {
        stream.write_all(&out)?;
    }
    stream.flush()
}

/// How many connections a listener serves at once, and what it tells the rest.
#[derive(Debug, Clone)]
pub struct ConnectionLimit {
    /// Connections served at once; one more is told `busy` and closed.
    pub max: usize,
    /// The protocol's "too busy, try later" line, written before closing.
    pub busy: bytes::Bytes,
}

/// Counts a connection as live until it is dropped.
struct Live(Arc<AtomicUsize>);

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Accepts connections on `listener` until it fails, each served on its own thread by
/// `serve(stream, id)` with ids from 1; a session's error is printed as `NAME
/// connection ID: ERROR` when `log` is set. Past `limit.max` live connections a new
/// one gets `limit.busy` and is closed at once, so threads and buffers stay bounded
/// however many connections a peer opens.
pub fn serve_each<F>(
    listener: TcpListener,
    name: &'static str,
    log: bool,
    limit: ConnectionLimit,
    serve: F,
) where
    F: Fn(TcpStream, u64) -> io::Result<()> + Send + Sync + 'static,
{
    let serve = Arc::new(serve);
    let live = Arc::new(AtomicUsize::new(0));
    let mut ids = 1u64..;
    let mut failing = false;
    for accepted in listener.incoming() {
        let mut stream = match accepted {
            Ok(stream) => stream,
            Err(e) => {
                // out of file descriptors (EMFILE) or the like: the pending connection
                // stays in the backlog, so retrying at once would spin; wait for a
                // connection to end instead (and say so once per run of failures)
                if log && !std::mem::replace(&mut failing, true) {
                    println!("{name} accept failed: {e}; retrying every 50 ms");
                }
                thread::sleep(ACCEPT_BACKOFF);
                continue;
            }
        };
        failing = false;
        let id = ids.next().unwrap_or(u64::MAX);
        if live.fetch_add(1, Ordering::AcqRel) >= limit.max {
            live.fetch_sub(1, Ordering::AcqRel);
            if log {
                println!(
                    "{name} connection {id}: refused, {} connections open",
                    limit.max
                );
            }
            // a fresh socket's send buffer takes one line at once; never wait long
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = stream.write_all(&limit.busy);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            continue;
        }
        let guard = Live(live.clone());
        let serve = serve.clone();
        thread::spawn(move || {
            let _guard = guard;
            if let Err(e) = serve(stream, id) {
                if log {
                    println!("{name} connection {id}: {e}");
                }
            }
        });
    }
}
