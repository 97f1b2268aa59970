//! An SMTP client and server state machine wired together in memory: greeting, EHLO,
//! AUTH PLAIN, a pipelined transaction with two recipients (one refused), a
//! dot-stuffed body, and QUIT. Every byte on the "wire" is printed.
//!
//! Run with `cargo run -p examples --example smtp-pair`.

use bytes::Bytes;
use std::time::Instant;

use smtp_proto::client::{self, Client, ClientConfig, Envelope};
use smtp_proto::server::{self, Decision, Server, ServerConfig};
use smtp_proto::{Credentials, Domain, ForwardPath, Mailbox, Mechanism, Reply, ReversePath};

fn show(who: &str, bytes: &[u8]) {
    for line in String::from_utf8_lossy(bytes).split_inclusive("\r\n") {
        println!("{who}: {}", line.trim_end_matches("\r\n"));
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = Instant::now();
    // AUTH over plaintext is for this in-memory demo only; a real server offers it after TLS
    let mut config = ServerConfig::new("mx.example.com")?.allow_auth_without_tls();
    config.capabilities.auth = vec![Mechanism::Plain, Mechanism::Login];
    config.max_message_size = Some(10 << 20);
    let mut server = Server::new(config, now);
    let mut client = Client::new(ClientConfig::new(Domain::name("client.example.org")?), now);
    let mut received = Vec::new();
    let mut step = 0;

    for _round in 0..50 {
        // server -> client
        while let Some(out) = server.poll_transmit(now) {
            show("S", &out);
            client.handle_input(now, &out)?;
        }
        while let Some(event) = client.poll_event() {
            match event? {
                client::Event::Ready(_) if step == 0 => {
                    step = 1;
                    client.authenticate(Credentials::Plain {
                        authzid: None,
                        authcid: "tim".into(),
                        password: "tanstaaftanstaaf".into(),
                    })?;
                }
                client::Event::Authenticated(_) => {
                    let mailbox = |m: &str| Mailbox::parse(m).map(|m| m.into_owned());
                    let envelope = Envelope::new(ReversePath::Mailbox(mailbox("tim@example.org")?))
                        .to(ForwardPath::Mailbox(mailbox("alice@example.com")?))
                        .to(ForwardPath::Mailbox(mailbox("nobody@example.com")?));
                    let body = Bytes::from_static(
                        b"Subject: hello\r\n\r\n.a line that starts with a dot\r\nbye\r\n",
                    );
                    client.send_message(envelope, body)?;
                }
                client::Event::MessageResult { reply, .. } => {
                    println!("-- message result: {reply}");
                    client.quit()?;
                }
                client::Event::Closed => println!("-- client closed"),
                other => println!("-- client event: {other:?}"),
            }
        }
        // client -> server
        while let Some(out) = client.poll_transmit(now) {
            show("C", &out);
            server.handle_input(now, &out);
        }
        while let Some(event) = server.poll_event() {
            match event {
                // the machine ran the SASL exchange; the credentials arrive typed
                server::Event::Decision(Decision::Authenticate { credentials }) => {
                    if valid(&credentials) {
                        server.accept()?;
                    } else {
                        server.refuse()?;
                    }
                }
                server::Event::Decision(Decision::Rcpt { to, .. })
                    if to.to_string().contains("nobody") =>
                {
                    server.respond(Reply::simple(550, Some((5, 1, 1)), "No such user")?)?;
                }
                server::Event::Decision(Decision::MessageEnd { .. }) => {
                    server.respond(Reply::simple(250, Some((2, 0, 0)), "Queued as 4711")?)?;
                }
                server::Event::Decision(_) => server.accept()?,
                server::Event::BodyChunk(chunk) => received.extend_from_slice(&chunk),
                server::Event::Closed => println!("-- server closed"),
                other => println!("-- server event: {other:?}"),
            }
        }
        if client.is_closed() && server.is_closed() {
            break;
        }
    }
    println!("-- the server received {} bytes:", received.len());
    print!("{}", String::from_utf8_lossy(&received));
    Ok(())
}

fn valid(creds: &Credentials) -> bool {
    matches!(creds, Credentials::Plain { authcid, password, .. }
        if authcid == "tim" && password.expose() == "tanstaaftanstaaf")
}
