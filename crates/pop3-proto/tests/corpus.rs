//! Every MailKit POP3 transcript decodes (`../../../shared/corpus/mailkit-pop3`,
//! LF line ends converted to CRLF as its README says).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use mail_proto_core::Decoded;
use pop3_proto::framing::{MultiLine, parse_multi_line};
use pop3_proto::parse::*;
use pop3_proto::*;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mailkit-pop3")
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

fn multi(input: &[u8]) -> (MultiLine<'_>, usize) {
    match parse_multi_line(input, &ResponseOptions::lenient()) {
        Decoded::Complete { value, consumed } => (value, consumed),
        other => panic!("{other:?}"),
    }
}

fn single(input: &[u8]) -> Response<'_> {
    let (r, n) = parse_response_with(input, &ResponseOptions::lenient())
        .ok()
        .unwrap();
    assert_eq!(n, input.len());
    r
}

/// Decodes one file by what its name says it answers; returns true if the typed
/// content is valid (the `*-error*` files are MailKit's malformed listings).
fn decode(server: &str, name: &str, input: &[u8]) -> bool {
    let base = name.trim_end_matches(".txt");
    let kind: String = base
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match kind.as_str() {
        "greeting" | "okgreeting" | "errgreeting" | "ok" | "err" => {
            let (g, n) = parse_greeting_with(input, &ResponseOptions::lenient())
                .ok()
                .unwrap();
            assert_eq!(n, input.len());
            if server == "lang" {
                assert_eq!(g.timestamp.unwrap().as_str(), "<apop-token@example.com>");
            }
            true
        }
        "capa" => {
            let (m, n) = multi(input);
            assert_eq!(n, input.len());
            parse_capabilities(&m.body.unwrap()).is_ok()
        }
        "getlang" | "retr" | "top" => {
            let mut rest = input;
            while !rest.is_empty() {
                let (m, n) = multi(rest);
                assert!(m.response.is_ok() && m.body.is_some());
                rest = &rest[n..];
            }
            true
        }
        "list" | "uidl" if !base[4..].starts_with(|c: char| c.is_ascii_digit()) => {
            let (m, n) = multi(input);
            assert_eq!(n, input.len());
            let body = m.body.unwrap();
            if kind == "list" {
                parse_scan_listings(&body).is_ok()
            } else {
                parse_unique_id_listings(&body).is_ok()
            }
        }
        "list" | "uidl" => {
            let r = single(input);
            if kind == "list" {
                parse_scan_listing(r.text()).is_ok()
            } else {
                parse_unique_id_listing(r.text()).is_ok()
            }
        }
        "stat" => parse_stat(single(input).text()).is_ok(),
        "plus" => {
            let (l, n) = parse_response_line_with(input, &ResponseOptions::lenient())
                .ok()
                .unwrap();
            assert_eq!(n, input.len());
            matches!(l, ResponseLine::Continuation(_))
        }
        _ => {
            // auth, dele, dele123, noop, quit, rset, setlang, utf8: status lines in a row
            let mut rest = input;
            while !rest.is_empty() {
                let (r, n) = parse_response_with(rest, &ResponseOptions::lenient())
                    .ok()
                    .unwrap();
                assert!(r.is_ok());
                rest = &rest[n..];
            }
            true
        }
    }
}

#[test]
fn every_mailkit_pop3_file_decodes() {
    let mut files = 0;
    let mut invalid = Vec::new();
    let mut servers: Vec<_> = std::fs::read_dir(corpus()).unwrap().flatten().collect();
    servers.sort_by_key(|e| e.file_name());
    for server in servers.iter().filter(|e| e.path().is_dir()) {
        let sname = server.file_name().to_string_lossy().into_owned();
        let mut entries: Vec<_> = std::fs::read_dir(server.path())
            .unwrap()
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for file in entries {
            let name = file.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".txt") {
                continue;
            }
            let input = crlf(&std::fs::read(file.path()).unwrap());
            files += 1;
            if !decode(&sname, &name, &input) {
                invalid.push(format!("{sname}/{name}"));
            }
        }
    }
    assert_eq!(files, 66);
    // the malformed listings are refused by the typed parsers; a gap in message
    // numbers (list-error2: 1-6 then 8, uidl-error2) is a deleted message, and a
    // listing for another message (list1-error2, uidl1-error2) is the client's to catch
    invalid.sort();
    assert_eq!(
        invalid,
        [
            "comcast/list-error1.txt",
            "comcast/list-error3.txt",
            "comcast/list1-error1.txt",
            "comcast/list1-error3.txt",
            "comcast/stat-error1.txt",
            "comcast/stat-error2.txt",
            "comcast/stat-error3.txt",
            "gmail/uidl-error1.txt",
            "gmail/uidl1-error1.txt",
        ]
    );
}

#[test]
fn corpus_capabilities_are_typed() {
    let input = crlf(&std::fs::read(corpus().join("comcast/capa2.txt")).unwrap());
    let (m, _) = multi(&input);
    let body = m.body.unwrap();
    let caps = parse_capabilities(&body).unwrap();
    assert!(caps.stls() && caps.top() && caps.uidl() && caps.user());
    assert_eq!(caps.sasl().len(), 2);
    assert!(caps.list.contains(&Capability::Expire {
        policy: Expire::Never,
        per_user: false
    }));
    assert!(
        caps.list
            .contains(&Capability::Implementation(Text::new("ZimbraInc").unwrap()))
    );
    let input = crlf(&std::fs::read(corpus().join("gmail/capa2.txt")).unwrap());
    let (m, _) = multi(&input);
    let body = m.body.unwrap();
    let caps = parse_capabilities(&body).unwrap();
    assert!(caps.pipelining() && caps.resp_codes());
    assert!(caps.list.contains(&Capability::LoginDelay {
        seconds: 300,
        per_user: false
    }));
    let input = crlf(&std::fs::read(corpus().join("lang/capa1.txt")).unwrap());
    let (m, _) = multi(&input);
    let body = m.body.unwrap();
    let caps = parse_capabilities(&body).unwrap();
    assert!(caps.list.contains(&Capability::Utf8 { user: true }));
    assert!(caps.list.contains(&Capability::Lang));
}
