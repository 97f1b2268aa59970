//! Seed 002 (`../shared/seeds/002_*.txt`) as written: its POP3 command list, read
//! from the file in the seed's own spelling (`User`, `Pass`, `Stat`, `Uidl`, `Top`,
//! ...), parsed by the codec and replayed through the server machine.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Instant;

use pop3_proto::server::*;
use pop3_proto::*;

fn seed_002() -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("002_"))
        .expect("seed 002");
    std::fs::read_to_string(path).unwrap()
}

/// The command column of the seed's POP3 table (`Keyword<sp>args<crlf>`), as CRLF
/// lines: `<sp>` is a space, the placeholders become values of the small maildrop
/// below. The seed writes APOP's arguments `name,digest`; RFC 1939 §7 separates them
/// with a space, so that one comma is the only spelling changed.
fn seed_002_script() -> Vec<String> {
    let text = seed_002();
    let start = text.find("POP3 Order of the Protocol").unwrap();
    let end = start + text[start..].find("Contact Us").unwrap();
    text[start..end]
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|t| t.ends_with("<crlf>"))
        .map(|t| {
            t.replace("<sp>", " ")
                .replace("<crlf>", "\r\n")
                .replace("name,digest", "mrose c4c9334bac560ecc979e58001b3e22fb")
                .replace("username", "mrose")
                .replace("password", "tanstaaf")
                .replace("[msg#]", "2")
                .replace("msg#", "2")
                .replace(" n\r\n", " 1\r\n")
        })
        .collect()
}

#[test]
fn seed_002_lines_parse_in_the_seeds_spelling() {
    let script = seed_002_script();
    let keywords: Vec<&str> = script
        .iter()
        .map(|l| l.split([' ', '\r']).next().unwrap())
        .collect();
    assert_eq!(
        keywords,
        [
            "User", "Pass", "Apop", "Stat", "Uidl", "List", "Retr", "Dele", "Rset", "Top", "Noop",
            "Quit"
        ]
    );
    let msg = MessageNumber::new(2).unwrap();
    let parsed: Vec<Command<'_>> = script
        .iter()
        .map(|l| {
            let (c, used) = parse_command(l.as_bytes()).ok().unwrap();
            assert_eq!(used, l.len(), "{l:?}");
            c
        })
        .collect();
    assert_eq!(parsed[0], Command::User(Atom::new("mrose").unwrap()));
    assert!(matches!(&parsed[1], Command::Pass(p) if p.secret().expose() == "tanstaaf"));
    assert!(matches!(&parsed[2], Command::Apop { name, .. } if name.as_str() == "mrose"));
    assert_eq!(
        parsed[3..],
        [
            Command::Stat,
            Command::Uidl(Some(msg)),
            Command::List(Some(msg)),
            Command::Retr(msg),
            Command::Dele(msg),
            Command::Rset,
            Command::Top { msg, lines: 1 },
            Command::Noop,
            Command::Quit,
        ]
    );
}

/// Two messages; the second has a header and a line starting with a dot.
fn messages() -> Vec<Vec<u8>> {
    let mut two = b"Subject: two\r\n\r\n.dot line\r\n".to_vec();
    two.resize(198, b'b');
    two.extend_from_slice(b"\r\n");
    vec![[vec![b'a'; 118], b"\r\n".to_vec()].concat(), two]
}

/// Answers every decision like a small maildrop with password `tanstaaf`; returns
/// what the server wrote and the messages deleted at QUIT.
fn drive(server: &mut Server, now: Instant, deleted: &mut Option<Vec<MessageNumber>>) -> Vec<u8> {
    let messages = messages();
    while let Some(event) = server.poll_event() {
        let Event::Decision(d) = &event else { continue };
        match d {
            Decision::Login(Login::UserPass { password, .. })
                if password.expose() == "tanstaaf" =>
            {
                let sizes = messages.iter().map(|m| m.len() as u64).collect();
                let uids = (1..=messages.len())
                    .map(|i| UniqueId::new(format!("uid-{i}")).unwrap())
                    .collect();
                let maildrop = Maildrop::new(sizes).with_uids(uids).unwrap();
                server.accept_login(maildrop).unwrap();
            }
            Decision::Login(_) => server.refuse().unwrap(),
            Decision::Retrieve { msg, .. } => {
                server.send_body(&messages[msg.index()]).unwrap();
                server.end_body().unwrap();
            }
            Decision::Update { deleted: d } => {
                *deleted = Some(d.clone());
                server.accept().unwrap();
            }
            _ => server.accept().unwrap(),
        }
    }
    let mut out = Vec::new();
    while let Some(b) = server.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn seed_002_session_in_the_seeds_spelling() {
    let script = seed_002_script().concat();
    let config = ServerConfig::new()
        .with_apop_timestamp(Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").unwrap())
        .allow_login_without_tls();
    for step in [script.len(), 1, 5] {
        let now = Instant::now();
        let mut server = Server::new(config.clone(), now);
        let mut deleted = None;
        let mut wire = drive(&mut server, now, &mut deleted);
        for piece in script.as_bytes().chunks(step) {
            server.handle_input(now, piece);
            wire.extend(drive(&mut server, now, &mut deleted));
        }
        let text = String::from_utf8_lossy(&wire);
        let expected = [
            "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
            "+OK User accepted\r\n",
            "+OK maildrop has 2 messages (320 octets)\r\n",
            "-ERR Command not valid in this state\r\n", // Apop after the login
            "+OK 2 320\r\n",
            "+OK 2 uid-2\r\n",
            "+OK 2 200\r\n",
            "+OK message follows\r\nSubject: two\r\n\r\n..dot line\r\n",
            "+OK message 2 deleted\r\n",
            "+OK maildrop has 2 messages\r\n",
            "+OK top of message follows\r\nSubject: two\r\n\r\n..dot line\r\n.\r\n",
            "+OK\r\n",
            "+OK POP3 server signing off\r\n",
        ];
        let mut at = 0;
        for e in expected {
            let found = text[at..]
                .find(e)
                .unwrap_or_else(|| panic!("step {step}: {e:?} after {at} in {text:?}"));
            at += found + e.len();
        }
        assert_eq!(deleted.unwrap(), [], "Rset undid Dele 2");
    }
}
