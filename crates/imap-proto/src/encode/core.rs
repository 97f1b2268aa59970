//! The lexical encoders and the output writer.

use bytes::BufMut;

use crate::types::chars::{is_astring_char, is_atom_char, is_list_char, is_quotable};
use crate::types::datetime::MONTHS;
use crate::types::{
    Date, DateTime, Flag, FlagFetch, FlagPerm, IString, Literal, LiteralKind, Mailbox, NString,
    SeqItem, SeqNumber, SequenceSet,
};

/// How a client may send literals (RFC 7888).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LiteralMode {
    /// Only synchronizing `{n}`: the client waits for `+` after each announcement.
    #[default]
    Synchronizing,
    /// LITERAL+: every literal non-synchronizing, `{n+}`.
    Plus,
    /// LITERAL-: `{n+}` up to 4096 bytes, `{n}` above.
    Minus,
}

/// Options for encoding commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EncodeOptions {
    /// Which literal forms the server accepts.
    pub literals: LiteralMode,
}

/// Quoted strings longer than this are written as literals.
const MAX_QUOTED: usize = 1024;

/// The writer every encoder uses: counts bytes and records where a synchronizing
/// literal must wait for the server's continuation.
pub(crate) struct Out<'b> {
    /// Where the bytes go; `None` counts them only (the dry run that checks a
    /// command before it is written).
    buf: Option<&'b mut dyn BufMut>,
    written: usize,
    pub(crate) waits: Vec<usize>,
    mode: Option<LiteralMode>,
    /// A string holding NUL was written (a response's `{n}` literal; a command's is
    /// refused).
    pub(crate) nul: bool,
}

impl<'b> Out<'b> {
    /// A writer for responses: literals are plain `{n}` and nobody waits.
    pub(crate) fn response(buf: &'b mut dyn BufMut) -> Self {
        Out {
            buf: Some(buf),
            written: 0,
            waits: Vec::new(),
            mode: None,
            nul: false,
        }
    }

    /// A writer for commands.
    pub(crate) fn command(buf: &'b mut dyn BufMut, opts: &EncodeOptions) -> Self {
        Out {
            buf: Some(buf),
            written: 0,
            waits: Vec::new(),
            mode: Some(opts.literals),
            nul: false,
        }
    }

    /// A writer for commands that writes nothing: it runs the encoder to see what
    /// it would write (a NUL in a string).
    pub(crate) fn dry_run(opts: &EncodeOptions) -> Self {
        Out {
            buf: None,
            written: 0,
            waits: Vec::new(),
            mode: Some(opts.literals),
            nul: false,
        }
    }

    pub(crate) fn raw(&mut self, b: &[u8]) {
        if let Some(buf) = self.buf.as_mut() {
            buf.put_slice(b);
        }
        self.written += b.len();
    }

    /// Bytes kept as sent (an unknown command's rest, an extension's value), written
    /// as they are. They may hold literals: in a command, each synchronizing one they
    /// announce gets its wait point, found as the framer finds it (a line ending in
    /// `{n}` outside a quoted string), and its payload is skipped, not scanned.
    pub(crate) fn raw_value(&mut self, b: &[u8]) {
        if self.mode.is_none() {
            return self.raw(b);
        }
        let (mut at, mut line_start, mut done) = (0, 0, 0);
        let (mut in_quote, mut escaped) = (false, false);
        while let Some(&c) = b.get(at) {
            at += 1;
            if escaped {
                escaped = false;
                if c != b'\n' {
                    continue;
                }
            }
            match c {
                b'"' => in_quote = !in_quote,
                b'\\' if in_quote => escaped = true,
                b'\n' => {
                    let lf = at - 1;
                    let end = if lf > line_start && b[lf - 1] == b'\r' {
                        lf - 1
                    } else {
                        lf
                    };
                    let announced = if std::mem::take(&mut in_quote) {
                        None
                    } else {
                        crate::framing::literal_at_end(&b[line_start..end])
                    };
                    if let Some(Ok((n, sync, _))) = announced {
                        if sync {
                            self.raw(&b[done..at]);
                            done = at;
                            self.waits.push(self.written);
                        }
                        at = at.saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
                    }
                    line_start = at;
                }
                _ => {}
            }
        }
        self.raw(&b[done..]);
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> usize {
        self.written
    }

    /// `list-mailbox = 1*list-char / string`
    pub(crate) fn list_mailbox(&mut self, s: &IString<'_>) {
        let b = s.as_bytes();
        if !b.is_empty() && b.len() <= MAX_QUOTED && b.iter().all(|&c| is_list_char(c)) {
            self.raw(b);
        } else {
            self.string(s);
        }
    }

    pub(crate) fn sp(&mut self) {
        self.raw(b" ");
    }

    pub(crate) fn crlf(&mut self) {
        self.raw(b"\r\n");
    }

    pub(crate) fn num(&mut self, n: impl Into<u64>) {
        let mut tmp = [0u8; 20];
        let mut n: u64 = n.into();
        let mut k = tmp.len();
        loop {
            k -= 1;
            tmp[k] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.raw(&tmp[k..]);
    }

    /// A literal's header and payload; a synchronizing one records a wait point.
    pub(crate) fn literal(&mut self, data: &[u8], kind: LiteralKind) {
        if kind == LiteralKind::Binary {
            self.raw(b"~");
        }
        self.raw(b"{");
        self.num(data.len() as u64);
        let non_sync = match self.mode {
            Some(LiteralMode::Plus) => true,
            Some(LiteralMode::Minus) => data.len() <= 4096,
            _ => false,
        };
        if non_sync {
            self.raw(b"+");
        }
        self.raw(b"}\r\n");
        if self.mode.is_some() && !non_sync {
            self.waits.push(self.written);
        }
        self.raw(data);
    }

    /// `string = quoted / literal`, chosen by the bytes.
    ///
    /// Bytes holding NUL, which neither form carries (`CHAR8` excludes it), set
    /// [`Out::nul`]. A command holding such a string is refused before it is written
    /// (see `encode_command`). A response writes it as a plain `{n}` literal, NUL and
    /// all: a message body is what it is, every client reads a literal by its length,
    /// and a lenient parser takes it (`Lenient::nul_in_literals`; the strict grammar
    /// refuses it at the NUL), where `~{n}` outside BINARY data no client reads.
    pub(crate) fn string(&mut self, s: &IString<'_>) {
        let b = s.as_bytes();
        if b.len() <= MAX_QUOTED && b.iter().all(|&c| is_quotable(c)) {
            self.quoted(b);
        } else if memchr::memchr(0, b).is_some() {
            self.nul = true;
            let kind = if self.mode.is_none() {
                LiteralKind::Text
            } else {
                LiteralKind::Binary
            };
            self.literal(b, kind);
        } else {
            self.literal(b, LiteralKind::Text);
        }
    }

    /// `astring = 1*ASTRING-CHAR / string`
    pub(crate) fn astring(&mut self, s: &IString<'_>) {
        let b = s.as_bytes();
        if !b.is_empty() && b.len() <= MAX_QUOTED && b.iter().all(|&c| is_astring_char(c)) {
            self.raw(b);
        } else {
            self.string(s);
        }
    }

    /// `nstring = string / nil`
    pub(crate) fn nstring(&mut self, s: &NString<'_>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw(b"NIL"),
        }
    }

    /// An explicit literal.
    pub(crate) fn literal_value(&mut self, l: &Literal<'_>) {
        self.literal(l.data(), l.kind());
    }

    /// `quoted`, escaping `"` and `\`; the bytes hold no `CR`, `LF` or `NUL`.
    fn quoted(&mut self, b: &[u8]) {
        self.raw(b"\"");
        let mut start = 0;
        for (k, &c) in b.iter().enumerate() {
            if c == b'"' || c == b'\\' {
                self.raw(&b[start..k]);
                self.raw(b"\\");
                start = k;
            }
        }
        self.raw(&b[start..]);
        self.raw(b"\"");
    }

    /// `atom` where the grammar allows `atom / quoted` (charsets): an atom if it is one,
    /// else quoted, 8-bit bytes included, since a literal is not allowed there (a
    /// fuzz-found SORT charset with 8-bit bytes went out as a literal).
    pub(crate) fn atom_or_quoted(&mut self, s: &[u8]) {
        if !s.is_empty() && s.iter().all(|&c| is_atom_char(c)) {
            self.raw(s);
        } else if !s.iter().any(|&c| matches!(c, b'\r' | b'\n' | 0)) {
            self.quoted(s);
        } else {
            self.string(&IString::from(s));
        }
    }

    /// `mailbox = "INBOX" / astring`
    pub(crate) fn mailbox(&mut self, m: &Mailbox<'_>) {
        match m {
            Mailbox::Inbox => self.raw(b"INBOX"),
            Mailbox::Other(n) => self.astring(n.as_istring()),
        }
    }

    /// `flag`
    pub(crate) fn flag(&mut self, f: &Flag<'_>) {
        match f {
            Flag::Keyword(a) => self.raw(a.as_str().as_bytes()),
            Flag::Extension(a) => {
                self.raw(b"\\");
                self.raw(a.as_str().as_bytes());
            }
            other => {
                self.raw(b"\\");
                self.raw(other.system_name().unwrap_or_default().as_bytes());
            }
        }
    }

    /// `flag-fetch`
    pub(crate) fn flag_fetch(&mut self, f: &FlagFetch<'_>) {
        match f {
            FlagFetch::Flag(f) => self.flag(f),
            FlagFetch::Recent => self.raw(b"\\Recent"),
        }
    }

    /// `flag-perm`
    pub(crate) fn flag_perm(&mut self, f: &FlagPerm<'_>) {
        match f {
            FlagPerm::Flag(f) => self.flag(f),
            FlagPerm::Any => self.raw(b"\\*"),
        }
    }

    /// `"(" [item *(SP item)] ")"`
    pub(crate) fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.raw(b"(");
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.sp();
            }
            each(self, item);
        }
        self.raw(b")");
    }

    /// `sequence-set`
    pub(crate) fn sequence_set(&mut self, s: &SequenceSet) {
        if s.is_search_result() {
            return self.raw(b"$");
        }
        for (k, item) in s.items().iter().enumerate() {
            if k > 0 {
                self.raw(b",");
            }
            match *item {
                SeqItem::Single(n) => self.seq_number(n),
                SeqItem::Range(a, b) => {
                    self.seq_number(a);
                    self.raw(b":");
                    self.seq_number(b);
                }
            }
        }
    }

    fn seq_number(&mut self, n: SeqNumber) {
        match n {
            SeqNumber::Value(v) => self.num(v.get()),
            SeqNumber::Last => self.raw(b"*"),
        }
    }

    fn two(&mut self, n: u8) {
        self.raw(&[b'0' + n / 10, b'0' + n % 10]);
    }

    fn date_text(&mut self, d: &Date, fixed: bool) {
        if fixed && d.day() < 10 {
            self.raw(b" ");
            self.raw(&[b'0' + d.day()]);
        } else if fixed {
            self.two(d.day());
        } else {
            self.num(d.day());
        }
        self.raw(b"-");
        let month = MONTHS
            .get(usize::from(d.month()).saturating_sub(1))
            .unwrap_or(&"Jan");
        self.raw(month.as_bytes());
        self.raw(b"-");
        let y = d.year();
        self.two((y / 100) as u8);
        self.two((y % 100) as u8);
    }

    /// `date` (unquoted `date-text`)
    pub(crate) fn date(&mut self, d: &Date) {
        self.date_text(d, false);
    }

    /// `date-time`
    pub(crate) fn date_time(&mut self, t: &DateTime) {
        self.raw(b"\"");
        self.date_text(&t.date(), true);
        self.sp();
        self.two(t.hour());
        self.raw(b":");
        self.two(t.minute());
        self.raw(b":");
        self.two(t.second());
        self.raw(if t.zone_minutes() < 0 { b" -" } else { b" +" });
        let z = t.zone_minutes().unsigned_abs();
        self.two((z / 60) as u8);
        self.two((z % 60) as u8);
        self.raw(b"\"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::core as p;
    use crate::parse::{Cx, ParseOptions};
    use proptest::prelude::*;

    fn enc(f: impl FnOnce(&mut Out<'_>)) -> Vec<u8> {
        let mut v = Vec::new();
        f(&mut Out::response(&mut v));
        v
    }

    proptest! {
        #[test]
        fn strings_round_trip(bytes in proptest::collection::vec(1u8.., 0..40)) {
            let s = IString::from(&bytes[..]);
            let strict = ParseOptions::strict();
            let cx = Cx::new(&strict);
            let wire = enc(|o| o.astring(&s));
            let (rest, back) = p::astring(&wire, cx).unwrap();
            prop_assert!(rest.is_empty());
            prop_assert_eq!(back, s.clone());
            let wire = enc(|o| o.nstring(&Some(s.clone())));
            let (_, back) = p::nstring(&wire, cx).unwrap();
            prop_assert_eq!(back, Some(s));
        }

        #[test]
        fn nul_is_flagged_and_never_quoted(
            mut bytes in proptest::collection::vec(any::<u8>(), 0..40), at in any::<usize>()
        ) {
            // never quoted; the dry run of a command sees the flag and refuses the
            // command
            let at = at % (bytes.len() + 1);
            bytes.insert(at, 0);
            let s = IString::from(&bytes[..]);
            let mut v = Vec::new();
            let mut o = Out::response(&mut v);
            o.astring(&s);
            prop_assert!(o.nul);
            // a response writes it as `{n}`, read by lenient parsers
            let head = format!("{{{}}}\r\n", bytes.len());
            prop_assert_eq!(&v[..head.len()], head.as_bytes());
            prop_assert_eq!(&v[head.len()..], &bytes[..]);
            let mut o = Out::dry_run(&EncodeOptions::default());
            o.nstring(&Some(s));
            prop_assert!(o.nul);
        }

        #[test]
        fn dates_round_trip(y in 0u16..10000, m in 1u8..13, d in 1u8..29, h in 0u8..24,
                            mi in 0u8..60, s in 0u8..61, z in -5999i16..6000) {
            let date = Date::new(y, m, d).unwrap();
            let wire = enc(|o| o.date(&date));
            prop_assert_eq!(p::date(&wire).unwrap().1, date);
            let z = (z / 60) * 60 + (z % 60);
            let t = DateTime::new(date, h, mi, s, z).unwrap();
            let wire = enc(|o| o.date_time(&t));
            prop_assert_eq!(p::date_time(&wire).unwrap().1, t);
        }

        #[test]
        fn sequence_sets_round_trip(items in proptest::collection::vec((0u32..5, 0u32..5, any::<bool>()), 1..6)) {
            let n = |v: u32| SeqNumber::new(v).unwrap_or(SeqNumber::Last);
            let items = items.into_iter().map(|(a, b, r)| if r { SeqItem::Range(n(a), n(b)) } else { SeqItem::Single(n(a)) }).collect();
            let set = SequenceSet::new(items).unwrap();
            let wire = enc(|o| o.sequence_set(&set));
            let strict = ParseOptions::strict();
            prop_assert_eq!(p::sequence_set(&wire, Cx::new(&strict)).unwrap().1, set);
        }
    }

    #[test]
    fn encoder_picks_the_form() {
        assert_eq!(
            enc(|o| o.astring(&IString::from("INBOX.Sent"))),
            b"INBOX.Sent"
        );
        assert_eq!(
            enc(|o| o.astring(&IString::from("a b\"c"))),
            b"\"a b\\\"c\""
        );
        assert_eq!(enc(|o| o.astring(&IString::from(""))), b"\"\"");
        assert_eq!(
            enc(|o| o.astring(&IString::from("a\r\nb"))),
            b"{4}\r\na\r\nb"
        );
        assert_eq!(enc(|o| o.nstring(&None)), b"NIL");
        assert_eq!(enc(|o| o.sequence_set(&SequenceSet::search_result())), b"$");
        let mut v = Vec::new();
        let opts = EncodeOptions {
            literals: LiteralMode::Synchronizing,
        };
        let mut out = Out::command(&mut v, &opts);
        out.raw(b"A1 LOGIN ");
        out.astring(&IString::from("\u{e9}"));
        assert_eq!(out.waits, vec![14]);
        let opts = EncodeOptions {
            literals: LiteralMode::Plus,
        };
        let mut v = Vec::new();
        let mut out = Out::command(&mut v, &opts);
        out.astring(&IString::from("\u{e9}"));
        assert!(out.waits.is_empty());
        assert_eq!(v, "{2+}\r\n\u{e9}".as_bytes());
    }

    #[test]
    fn parse_accepts_zero_prefixed_and_binary_literals() {
        let strict = ParseOptions::strict();
        let cx = Cx::new(&strict);
        let (_, s) = p::string(b"{003}\r\nabc", cx).unwrap();
        assert_eq!(s.as_bytes(), b"abc");
        let (_, l) = p::literal8(b"~{2}\r\n\0\x01", cx).unwrap();
        assert_eq!(l.data().as_bytes(), b"\0\x01");
        assert!(p::quoted(b"\"a\\qb\"", cx).is_err());
        assert_eq!(p::quoted(b"\"a\\\\b\"", cx).unwrap().1.as_ref(), b"a\\b");
        assert!(p::nz_number(b"0", cx).is_err());
        assert!(p::number(b"4294967296").is_err());
    }
}
