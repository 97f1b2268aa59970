//! `mail-client pop3`: log in, save every message of the maildrop as `DIR/N.eml`
//! with its exact bytes (dot-unstuffed, streamed to the file as it arrives), and
//! delete them when asked, all through the `pop3_proto` client machine.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Instant;

use bytes::BytesMut;
use pop3_proto::Secret;
use pop3_proto::client::{Client, ClientConfig, Event, Request};
use pop3_proto::{MessageNumber, Response};

use crate::net::{Input, read_until, write_all};

/// What to fetch, and from where.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// `HOST:PORT`.
    pub server: String,
    /// The login name.
    pub user: String,
    /// The password (APOP's shared secret with `apop`).
    pub pass: String,
    /// Log in with APOP instead of USER/PASS.
    pub apop: bool,
    /// Delete each message once saved (the server removes them at QUIT).
    pub delete: bool,
    /// Where the messages go.
    pub out: PathBuf,
}

/// A response as the server wrote it, without its line end.
pub fn response_line(r: &Response<'_>) -> String {
    let mut out = BytesMut::new();
    pop3_proto::encode_response(r, &mut out);
    String::from_utf8_lossy(&out).trim_end().to_string()
}

/// The message being saved.
struct Saving {
    msg: MessageNumber,
    file: BufWriter<File>,
}

/// The application's side of the session: what is left to save.
struct Fetch<'a> {
    opts: &'a FetchOptions,
    saving: Option<Saving>,
    left: usize,
    saved: usize,
    quit_answered: bool,
}

impl Fetch<'_> {
    fn event(&mut self, client: &mut Client, event: Event) -> Result<(), String> {
        let o = self.opts;
        let e = |e: pop3_proto::ConnectionError| format!("pop3: {e}");
        match event {
            Event::Ready(_) if o.apop => client.apop(&o.user, &Secret::new(o.pass.clone())),
            Event::Ready(_) => client.login(&o.user, Secret::new(o.pass.clone())),
            Event::LoggedIn { .. } => client.list(None),
            Event::Listings(listings) => {
                self.left = listings.len();
                if listings.is_empty() {
                    client.quit().map_err(e)?;
                }
                listings.iter().try_for_each(|l| client.retr(l.msg))
            }
            Event::BodyStart {
                request: Request::Retr(msg),
                ..
            } => {
                let path = o.out.join(format!("{msg}.eml"));
                let file = File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                self.saving = Some(Saving {
                    msg,
                    file: BufWriter::new(file),
                });
                Ok(())
            }
            Event::BodyChunk(chunk) => {
                if let Some(s) = &mut self.saving {
                    s.file.write_all(&chunk).map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Event::BodyEnd => {
                let Some(mut s) = self.saving.take() else {
                    return Ok(());
                };
                // saved for good before the message may be deleted
                s.file.flush().map_err(|e| e.to_string())?;
                s.file.get_ref().sync_all().map_err(|e| e.to_string())?;
                self.saved += 1;
                self.left = self.left.saturating_sub(1);
                if o.delete {
                    client.dele(s.msg).map_err(e)?;
                }
                if self.left == 0 {
                    client.quit().map_err(e)?;
                }
                Ok(())
            }
            Event::Done {
                request: Request::Quit,
                ..
            } => {
                self.quit_answered = true;
                Ok(())
            }
            // no QUIT after a refusal: the session ends outside UPDATE, nothing deleted
            Event::Refused { response, .. } | Event::Rejected(response) => {
                return Err(response_line(&response));
            }
            _ => Ok(()),
        }
        .map_err(e)
    }
}

/// Runs the session; the number of messages saved, or the server's error reply.
pub fn fetch(opts: &FetchOptions) -> Result<usize, String> {
    std::fs::create_dir_all(&opts.out).map_err(|e| format!("{}: {e}", opts.out.display()))?;
    let mut stream = TcpStream::connect(&opts.server)
        .map_err(|e| format!("cannot connect to {}: {e}", opts.server))?;
    let mut client = Client::new(ClientConfig::new(), Instant::now());
    let mut fetch = Fetch {
        opts,
        saving: None,
        left: 0,
        saved: 0,
        quit_answered: false,
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        while let Some(event) = client.poll_event() {
            let event = event.map_err(|e| format!("pop3: {e}"))?;
            fetch.event(&mut client, event)?;
        }
        write_all(&mut stream, || client.poll_transmit(Instant::now()))
            .map_err(|e| e.to_string())?;
        if client.is_closed() {
            break;
        }
        match read_until(&mut stream, &mut buf, client.poll_timeout()).map_err(|e| e.to_string())? {
            Input::Bytes(n) => client
                .handle_input(Instant::now(), &buf[..n])
                .map_err(|e| format!("pop3: {e}"))?,
            Input::Timeout => client.handle_timeout(Instant::now()),
            Input::Closed => break,
        }
    }
    if fetch.quit_answered {
        Ok(fetch.saved)
    } else {
        Err("the server closed the connection before the session ended".into())
    }
}
