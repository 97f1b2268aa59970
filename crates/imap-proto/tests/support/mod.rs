//! What the decoding tests share: the strict options, a whole response or its error
//! (kind and byte offset), a command's error, where a needle starts, and the MailKit
//! corpus read as its README says (tags substituted, LF made CRLF).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use imap_proto::*;

/// Every tolerance off.
pub fn strict() -> ParseOptions {
    ParseOptions::strict()
}

/// The whole of `input` as one response under `opts`.
pub fn response<'a>(input: &'a [u8], opts: &ParseOptions) -> Response<'a> {
    match parse_response_with(input, opts) {
        Decoded::Complete { value, consumed } => {
            assert_eq!(consumed, input.len(), "{}", input.escape_ascii());
            value
        }
        other => panic!("{}: {other:?}", input.escape_ascii()),
    }
}

/// The error `input` gives under `opts`: its kind and byte offset.
pub fn refused(input: &[u8], opts: &ParseOptions) -> (DecodeErrorKind, usize) {
    match parse_response_with(input, opts) {
        Decoded::Failed(e) => (e.kind, e.offset),
        other => panic!("{} decodes: {other:?}", input.escape_ascii()),
    }
}

/// The error the command `input` gives under `opts`: its kind and byte offset.
pub fn command_refused(input: &[u8], opts: &ParseOptions) -> (DecodeErrorKind, usize) {
    match parse_command_with(input, opts) {
        Decoded::Failed(e) => (e.kind, e.offset),
        other => panic!("{} decodes: {other:?}", input.escape_ascii()),
    }
}

/// Where `needle` first starts in `hay`: the offset an error must name.
pub fn at(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("no {} in the input", needle.escape_ascii()))
}

/// The MailKit IMAP corpus, beside the repository.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/mailkit-imap")
}

/// A corpus file as its README says to feed it (tags substituted, LF made CRLF).
pub fn corpus_bytes(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path)
        .ok()
        .map(|raw| mail_proto_test_support::mailkit_wire(&raw))
}

/// The corpus file `file` (a path under the corpus), if the corpus is there.
pub fn corpus_file(file: &str) -> Option<Vec<u8>> {
    corpus_bytes(&corpus_dir().join(file))
}
