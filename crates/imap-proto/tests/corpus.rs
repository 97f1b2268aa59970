//! Every real server reply in the MailKit corpus decodes (tags substituted, LF turned
//! into CRLF as the corpus README says), and re-encoding what was decoded decodes to
//! the same values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use imap_proto::{Decoded, ParseOptions, encode::encode_response, parse_response_with};

mod support;
use support::*;

fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(corpus_dir()) else {
        return out;
    };
    for d in dirs.flatten() {
        let Ok(entries) = std::fs::read_dir(d.path()) else {
            continue;
        };
        for f in entries.flatten() {
            if f.path().extension().is_some_and(|e| e == "txt") {
                out.push(f.path());
            }
        }
    }
    out.sort();
    out
}

fn decode_all(input: &[u8], opts: &ParseOptions) -> Result<usize, String> {
    let mut at = 0;
    let mut count = 0;
    while at < input.len() {
        match parse_response_with(&input[at..], opts) {
            Decoded::Complete { value, consumed } => {
                let mut wire = Vec::new();
                encode_response(&value, &mut wire);
                match parse_response_with(&wire, opts) {
                    Decoded::Complete {
                        value: again,
                        consumed,
                    } if consumed == wire.len() => {
                        if again != value {
                            return Err(format!(
                                "re-encoding changed the value at {at}:\n{value:?}\n{again:?}"
                            ));
                        }
                    }
                    other => {
                        return Err(format!(
                            "re-encoded response does not decode: {other:?}\n{}",
                            String::from_utf8_lossy(&wire)
                        ));
                    }
                }
                at += consumed;
                count += 1;
            }
            other => {
                let line_end = input[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(input.len(), |p| at + p);
                return Err(format!(
                    "at byte {at}: {other:?}\n{}",
                    String::from_utf8_lossy(&input[at..line_end.min(at + 300)])
                ));
            }
        }
    }
    Ok(count)
}

#[test]
fn every_corpus_file_decodes() {
    let files = files();
    if files.is_empty() {
        eprintln!("corpus not found at {}; skipped", corpus_dir().display());
        return;
    }
    let opts = ParseOptions::default();
    let mut failures = Vec::new();
    let mut responses = 0;
    for f in &files {
        match decode_all(&corpus_bytes(f).unwrap(), &opts) {
            Ok(n) => responses += n,
            Err(e) => failures.push(format!("{}: {e}", f.display())),
        }
    }
    eprintln!(
        "{} of {} corpus files decoded, {responses} responses",
        files.len() - failures.len(),
        files.len()
    );
    for f in failures.iter().take(15) {
        eprintln!("{f}\n");
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed",
        failures.len(),
        files.len()
    );
}

fn decodes(input: &[u8], opts: &ParseOptions) -> bool {
    let mut at = 0;
    while at < input.len() {
        match parse_response_with(&input[at..], opts) {
            Decoded::Complete { consumed, .. } => at += consumed,
            _ => return false,
        }
    }
    true
}

/// Each tolerance the corpus needs, with the server whose real reply needs it: the
/// reply decodes with the defaults and fails with only that tolerance off.
#[test]
fn tolerances_name_the_servers_that_need_them() {
    type Off = fn(&mut imap_proto::Lenient);
    let cases: [(&str, &str, Off); 10] = [
        (
            "Dovecot: a space between the addresses of an ENVELOPE list",
            "dovecot/notify-idle.txt",
            |l| l.extra_spaces = false,
        ),
        (
            "Gmail: a space between the addresses of an ENVELOPE list",
            "gmail/search-summary.txt",
            |l| l.extra_spaces = false,
        ),
        (
            "Gmail: CRLF before the closing paren of a FETCH",
            "gmail/headers.1+unsolicited-info.txt",
            |l| l.crlf_before_paren = false,
        ),
        (
            "Yandex: BODY[] with no value",
            "yandex/getbodypart-missing-content.txt",
            |l| l.missing_fetch_value = false,
        ),
        (
            "Domino: FETCH items in nested parens",
            "domino/fetch-extra-parens.txt",
            |l| l.nested_fetch_items = false,
        ),
        (
            "Exchange: a response code alone on a line",
            "exchange/issue115.txt",
            |l| l.bare_code_line = false,
        ),
        (
            "Exchange: a code with no text after it",
            "exchange/issue115.txt",
            |l| l.missing_text = false,
        ),
        (
            "Zoho: MODSEQ (-1)",
            "zoho/fetch-negative-modseq-values.txt",
            |l| l.negative_modseq = false,
        ),
        (
            "Zoho: MODSEQ (0), where RFC 7162 requires a positive mod-sequence-value",
            "zoho/fetch-negative-modseq-values.txt",
            |l| l.zero_nz_number = false,
        ),
        (
            "LIST with an empty delimiter",
            "common/list-nil-folder-delim.txt",
            |l| l.empty_delimiter = false,
        ),
    ];
    if !corpus_dir().is_dir() {
        // the corpus sits beside the repository (../shared); every_reply_decodes says so
        return;
    }
    for (what, file, off) in cases {
        let input = corpus_bytes(&corpus_dir().join(file)).unwrap();
        assert!(decodes(&input, &ParseOptions::default()), "{what}: {file}");
        let mut opts = ParseOptions::default();
        off(&mut opts.lenient);
        assert!(
            !decodes(&input, &opts),
            "{what}: {file} decodes without its tolerance"
        );
    }
}

/// Tolerances the corpus holds no bytes for, each with a server's reply as a public
/// report logged it: it decodes with the defaults, and fails under `Lenient::strict()`
/// and with only that tolerance off. (tests/strictness.rs checks the values.)
#[test]
fn tolerances_name_the_servers_of_public_reports() {
    type Off = fn(&mut imap_proto::Lenient);
    let cases: [(&str, &[u8], Off); 3] = [
        (
            "Zoho: \\* in FLAGS (djc/imap-proto#91, modern-email/defects#44)",
            b"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)\r\n",
            |l| l.any_flag_in_flags = false,
        ),
        (
            // the server is not named in the go-imap report; modern-email/defects#27,
            // which cites it, names Dovecot (or Exchange)
            "Dovecot: a part of size -1 (emersion/go-imap#534, modern-email/defects#27)",
            b"* 32 FETCH (UID 389 RFC822.SIZE 27824 BODY ((\"text\" \"plain\" NIL NIL NIL \"7bit\" 155 1)(\"message\" \"feedback-report\" NIL NIL NIL \"7bit\" 141)(\"message\" \"rfc822\" NIL NIL NIL \"8bit\" 0 (\"Thu, 8 Jun 2023 11:37:19 +0200\" \"=?utf-8?... =?utf-8?Q?023@ID61326?=\" ((\"{.eml From}\" NIL \"{.eml From local part}\" \"{.eml From domain}\")) ((NIL NIL \"{.eml Sender local part}\" \"{.eml Sender domain}\")) NIL NIL NIL NIL NIL \"<{.eml messageID}>\") (\"multipart\" \"parallel\" (\"boundary\" \"_90b3ff09-0c78-477e-ac01-677ba1271137_\") NIL NIL \"7BIT\" -1) 0) \"report\"))\r\n",
            |l| l.loose_body = false,
        ),
        (
            // the envelope after the first address list completed with NIL
            "Proton Mail Bridge 3.15.1: \\u in a quoted name (modern-email/defects#38)",
            b"* 14 FETCH (UID 14 FLAGS () ENVELOPE (\"Sat, 19 Oct 2024 15:18:01 -0600\" \"=?utf-8?q?Comment_avez-vous_trouv=C3=A9_votre_vol_au_d=C3=A9part_de_City?= =?utf-8?q?_et_=C3=A0_destination_de_City=C2=A0=3F?=\" ((\"Flight Company Customer Satisfaction\\u00a0\" NIL \"noreply\" \"domain.tld\")) NIL NIL NIL NIL NIL NIL NIL))\r\n",
            |l| l.loose_quoted = false,
        ),
    ];
    for (what, input, off) in cases {
        assert!(
            decode_all(input, &ParseOptions::default()).is_ok(),
            "{what}"
        );
        assert!(!decodes(input, &ParseOptions::strict()), "{what}: strict");
        let mut opts = ParseOptions::default();
        off(&mut opts.lenient);
        assert!(
            !decodes(input, &opts),
            "{what}: decodes without its tolerance"
        );
    }
}
