//! Moving bytes between a socket and a state machine: the only I/O in the examples.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
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

/// Accepts connections on `listener` until it fails, each served on its own thread by
/// `serve(stream, id)` with ids from 1; a session's error is printed as `NAME
/// connection ID: ERROR` when `log` is set.
pub fn serve_each<F>(listener: TcpListener, name: &'static str, log: bool, serve: F)
where
    F: Fn(TcpStream, u64) -> io::Result<()> + Send + Sync + 'static,
{
    let serve = Arc::new(serve);
    for (stream, id) in listener.incoming().filter_map(Result::ok).zip(1u64..) {
        let serve = serve.clone();
        thread::spawn(move || {
            if let Err(e) = serve(stream, id) {
                if log {
                    println!("{name} connection {id}: {e}");
                }
            }
        });
    }
}
