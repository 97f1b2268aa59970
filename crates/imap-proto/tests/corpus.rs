//! Every real server reply in the MailKit corpus decodes (tags substituted, LF turned
//! into CRLF as the corpus README says), and re-encoding what was decoded decodes to
//! the same values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use imap_proto::{Decoded, ParseOptions, encode::encode_response, parse_response_with};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mailkit-imap")
}

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

fn load(path: &Path) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap();
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 20);
    let mut k = 0;
    while k < raw.len() {
        if raw[k..].starts_with(b"A########") {
            out.extend_from_slice(b"A00000001");
            k += 9;
            continue;
        }
        if raw[k] == b'\n' && (k == 0 || raw[k - 1] != b'\r') {
            out.push(b'\r');
        }
        out.push(raw[k]);
        k += 1;
    }
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
        match decode_all(&load(f), &opts) {
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
        let input = load(&corpus_dir().join(file));
        assert!(decodes(&input, &ParseOptions::default()), "{what}: {file}");
        let mut opts = ParseOptions::default();
        off(&mut opts.lenient);
        assert!(
            !decodes(&input, &opts),
            "{what}: {file} decodes without its tolerance"
        );
    }
}
