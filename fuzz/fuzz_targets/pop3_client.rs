//! The POP3 client machine never panics and stays bounded on any server bytes,
//! however they are split, while the application drives a whole session.
#![no_main]
use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use mail_proto_core::Secret;
use mail_proto_core::sasl::Credentials;
use pop3_proto::MessageNumber;
use pop3_proto::client::{Client, ClientConfig, Event};

fuzz_target!(|data: &[u8]| {
    let Some((&split, data)) = data.split_first() else {
        return;
    };
    let now = Instant::now();
    let mut config = ClientConfig::new();
    config.capa_on_connect = split & 0x20 == 0;
    config.max_listing_len = 4096;
    let mut client = Client::new(config, now);
    let step = usize::from(split % 16) + 1;
    let one = MessageNumber::new(1).expect("not 0");
    for (i, piece) in data.chunks(step).enumerate() {
        let t = now + Duration::from_secs(i as u64);
        if client.handle_input(t, piece).is_err() {
            break;
        }
        while let Some(event) = client.poll_event() {
            let Ok(event) = event else { break };
            let _ = match event {
                Event::Ready(_) => match split & 0xc0 {
                    0x00 => client.login("u", Secret::new("p")),
                    0x40 => client.apop("u", &Secret::new("s")),
                    0x80 => client.authenticate(Credentials::Plain {
                        authzid: None,
                        authcid: "u".into(),
                        password: Secret::new("p"),
                    }),
                    _ => client.stls(),
                },
                Event::TlsUpgrade { .. } => client.tls_established(),
                Event::LoggedIn { .. } => client
                    .stat()
                    .and_then(|()| client.list(None))
                    .and_then(|()| client.uidl(Some(one)))
                    .and_then(|()| client.retr(one))
                    .and_then(|()| client.top(one, 2))
                    .and_then(|()| client.dele(one))
                    .and_then(|()| client.quit()),
                _ => Ok(()),
            };
        }
        while client.poll_transmit(t).is_some() {}
        client.handle_timeout(t);
        let _ = client.poll_timeout();
    }
});
