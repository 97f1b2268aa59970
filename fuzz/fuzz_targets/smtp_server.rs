//! The server machine never panics and never buffers without bound, whatever the
//! client sends and however it is split; the app accepts everything.
#![no_main]
use libfuzzer_sys::fuzz_target;
use smtp_proto::Mechanism;
use smtp_proto::server::{Event, Server, ServerConfig};

fuzz_target!(|data: &[u8]| {
    let mut config = ServerConfig::new("mx.example.com");
    config.capabilities.auth = vec![Mechanism::Plain, Mechanism::Login];
    config.capabilities.starttls = true;
    config.max_message_size = Some(1000);
    let mut server = Server::new(config);
    let step = (data.first().copied().unwrap_or(1) as usize % 7) + 1;
    for chunk in data.chunks(step) {
        if server.handle_input(chunk).is_err() {
            break;
        }
        while let Some(ev) = server.poll_event() {
            match ev {
                Ok(Event::Auth { .. }) => {
                    let _ = server.auth_challenge(b"");
                }
                Ok(Event::BodyChunk(_) | Event::Closed | Event::Reset | Event::AuthCancelled)
                | Ok(Event::Rejected { .. } | Event::PipeliningViolation)
                | Ok(Event::MessageRejected { .. } | Event::TlsUpgrade { .. }) => {}
                Ok(_) => {
                    let _ = server.accept();
                }
                Err(_) => break,
            }
        }
        while server.poll_transmit().is_some() {}
    }
});
