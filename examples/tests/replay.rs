//! `mail-replay`: every committed transcript passes, and broken ones fail where
//! they break.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use examples::replay::{Proto, ReplayError, replay, replay_file};

fn transcripts() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn proto_of(path: &Path) -> Proto {
    Proto::parse(path.extension().unwrap().to_str().unwrap()).expect(".smtp or .pop3")
}

#[test]
fn every_committed_transcript_replays() {
    let files = transcripts();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let mut log = Vec::new();
        let result = replay_file(proto_of(&path), &path, &mut |l| log.push(l.to_string()));
        assert!(
            result.is_ok(),
            "{}: {result:?}\n{}",
            path.display(),
            log.join("\n")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# source: "), "{}", path.display());
        assert!(
            log.last().unwrap().starts_with("ok: "),
            "{}",
            path.display()
        );
    }
}

/// The line a replay fails at, or a panic if it passes or fails otherwise.
fn fails_at(proto: Proto, transcript: &str) -> (usize, String, String) {
    match replay(proto, transcript, &mut |_| {}) {
        Err(ReplayError::Disagree {
            line,
            expected,
            got,
        }) => (line, expected, got),
        other => panic!("expected a disagreement, got {other:?}"),
    }
}

const D1_START: &str = "\
S: 220 foo.com Simple Mail Transfer Service Ready
C: EHLO bar.com
S: 250-foo.com greets bar.com
S: 250 8BITMIME
C: MAIL FROM:<Smith@bar.com>
S: 250 OK
C: RCPT TO:<Jones@foo.com>
S: 250 OK
C: DATA
";

#[test]
fn a_250_where_the_client_needs_354_after_data_fails() {
    let t = format!("{D1_START}S: 250 OK\nC: Hello\nC: .\nS: 250 OK\n");
    let (line, expected, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 10, "{expected} / {got}");
    assert!(
        expected.contains("250 OK") && got.contains("354"),
        "{expected} / {got}"
    );
}

#[test]
fn a_bogus_reply_code_fails() {
    // a 354 cannot answer MAIL: the server machine refuses to say it
    let t = D1_START.replace("S: 250 OK\nC: RCPT", "S: 354 what\nC: RCPT");
    let (line, _, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 6, "{got}");
    assert!(got.contains("cannot say it"), "{got}");
    // a code out of range is not a reply at all
    let t = D1_START.replace("S: 250 OK\nC: RCPT", "S: 299 what\nC: RCPT");
    assert_eq!(
        replay(Proto::Smtp, &t, &mut |_| {})
            .unwrap_err()
            .exit_code(),
        2
    );
}

#[test]
fn a_client_line_the_api_never_produces_fails() {
    // the client always writes FROM:<...>, never seed 000's bracketless form
    let t = D1_START.replace("MAIL FROM:<Smith@bar.com>", "MAIL From: Smith@bar.com");
    let (line, expected, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 5);
    assert_eq!(expected, "C: MAIL From: Smith@bar.com");
    assert_eq!(got, "C: MAIL FROM:<Smith@bar.com>");
    // and a command with no client call at all
    let t = format!(
        "{}C: ETRN foo.com\nS: 250 ok\n",
        &D1_START[..D1_START.find("C: MAIL").unwrap()]
    );
    let (line, _, got) = fails_at(Proto::Smtp, &t);
    assert_eq!(line, 5, "{got}");
    assert!(got.contains("no client API call"), "{got}");
}

#[test]
fn a_truncated_transcript_fails() {
    // the 354 to DATA is missing: the server's reply has no transcript line
    let (line, _, got) = fails_at(Proto::Smtp, D1_START);
    assert_eq!(line, 9, "{got}");
    assert!(got.starts_with("S: 354"), "{got}");
    // the reply to the dot is missing: the server waits for an answer the transcript lacks
    let t = format!("{D1_START}S: 354 go ahead\nC: Hello\nC: .\n");
    let (_, _, got) = fails_at(Proto::Smtp, &t);
    assert!(got.contains("waits for an answer"), "{got}");
    // QUIT without its 221: the server's reply has no transcript line
    let t = "S: 220 foo.com ready\nC: EHLO bar.com\nS: 250 foo.com\nC: QUIT\n";
    let (line, expected, got) = fails_at(Proto::Smtp, t);
    assert_eq!(line, 4, "{expected} / {got}");
    assert!(got.starts_with("S: 221"), "{got}");
    // POP3: RETR's body without its end
    let t = "S: +OK ready\nC: USER a\nS: +OK\nC: PASS b\nS: +OK in\nC: RETR 1\nS: +OK\nS: body\n";
    assert!(replay(Proto::Pop3, t, &mut |_| {}).is_err());
}

#[test]
fn a_pop3_reply_the_client_cannot_take_fails() {
    let t = "S: +OK ready\nC: USER a\nS: +OK\nC: PASS b\nS: +OK in\nC: STAT\nS: +OK lots\n";
    let (line, _, got) = fails_at(Proto::Pop3, t);
    assert_eq!(line, 7, "{got}");
}

#[test]
fn the_wrong_proto_is_a_usage_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("transcripts/rfc5321-d1.smtp");
    let err = replay_file(Proto::Pop3, &path, &mut |_| {}).unwrap_err();
    assert!(matches!(err, ReplayError::Usage(_)), "{err:?}");
    assert_eq!(err.exit_code(), 2);
    // an SMTP transcript read as POP3 content fails too
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(replay(Proto::Pop3, &text, &mut |_| {}).is_err());
}

#[test]
fn a_malformed_transcript_is_a_usage_error() {
    let err = replay(Proto::Smtp, "X: nothing\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let err = replay(Proto::Smtp, "# only a comment\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let err = replay(Proto::Smtp, "S: 250-unfinished\n", &mut |_| {}).unwrap_err();
    assert_eq!(err.exit_code(), 2);
}
