//! Realistic inputs, generated deterministically by a tiny xorshift PRNG (nothing is
//! committed as data): the same seed gives the same bytes on every machine and run.

/// xorshift64 (Marsaglia 2003): small, fast, deterministic; not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed (0 is replaced, xorshift would stay at 0).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A value in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A value in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `lo..=hi` characters from `alphabet`, appended to `out`.
    pub fn push_chars(&mut self, out: &mut String, alphabet: &[u8], lo: usize, hi: usize) {
        for _ in 0..self.range(lo, hi) {
            out.push(char::from(self.pick(alphabet)));
        }
    }
}

const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const XCHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const FIRST: &[&str] = &[
    "john", "maria", "wei", "olga", "ahmed", "lucas", "sophie", "kenji", "fatima", "peter", "anna",
    "jose", "priya", "liam", "noah", "emma", "chen", "ivan", "sara", "tom",
];
const LAST: &[&str] = &[
    "smith", "garcia", "wang", "ivanova", "hassan", "muller", "dubois", "tanaka", "khan", "jones",
    "novak", "silva", "patel", "obrien", "rossi", "kowalski", "nguyen", "berg",
];
/// Large mailbox providers, which most addresses on an MX belong to.
const PROVIDERS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "gmx.de",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "protonmail.com",
    "orange.fr",
    "qq.com",
];
/// Organisation domains, some with sub-domains and multi-label public suffixes.
const ORGS: &[&str] = &[
    "example.org",
    "example.com",
    "acme-corp.com",
    "mail.university.edu",
    "lists.debian.org",
    "engineering.bigcompany.co.uk",
    "city-council.gov.au",
    "startup.io",
    "shop.example-store.de",
    "corp.internal-domain.net",
];
/// Bulk senders' bounce domains (VERP return paths).
const BOUNCE_DOMAINS: &[&str] = &[
    "bounces.amazonses.com",
    "em1234.sendgrid.net",
    "mail.mailchimpapp.net",
    "bounce.github.com",
    "mcsv.net",
];
const CLIENT_NAMES: &[&str] = &[
    "mail-wr1-f54.google.com",
    "mail-eopbgr80052.outbound.protection.outlook.com",
    "a8-31.smtp-out.amazonses.com",
    "o1.email.sendgrid.net",
    "mx.example.org",
    "smtp.acme-corp.com",
    "[192.0.2.17]",
    "laptop.home.example.net",
    "relay2.university.edu",
];

/// A personal address: `first.last`, `firstlast42`, `f.last+tag` and the like.
fn person(rng: &mut Rng, domain: &str) -> String {
    let (f, l) = (rng.pick(FIRST), rng.pick(LAST));
    let mut s = match rng.below(5) {
        0 => format!("{f}.{l}"),
        1 => format!("{f}{l}{}", rng.range(1, 99)),
        2 => format!("{}.{l}", &f[..1]),
        3 => format!("{f}_{l}"),
        _ => f.to_string(),
    };
    if rng.chance(8) {
        s.push('+');
        rng.push_chars(&mut s, LOWER, 3, 10);
    }
    format!("{s}@{domain}")
}

/// A recipient or sender domain: providers dominate, organisations follow.
fn domain(rng: &mut Rng) -> &'static str {
    if rng.chance(60) {
        rng.pick(PROVIDERS)
    } else {
        rng.pick(ORGS)
    }
}

/// A return path as MX traffic carries them: personal, VERP bounces of bulk senders
/// (long, with `=` and `-`), SRS rewrites of forwarders, or role accounts.
fn sender(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=4 => {
            let d = domain(rng);
            person(rng, d)
        }
        5..=7 => {
            let mut s = String::from("bounces+");
            rng.push_chars(&mut s, ALNUM, 6, 12);
            s.push('-');
            rng.push_chars(&mut s, HEX, 4, 4);
            s.push('-');
            let who = recipient(rng).replace('@', "=");
            s.push_str(&who);
            s.push('@');
            s.push_str(rng.pick(BOUNCE_DOMAINS));
            s
        }
        8 => {
            let mut s = String::from("SRS0=");
            rng.push_chars(&mut s, XCHARS, 4, 4);
            s.push('=');
            rng.push_chars(&mut s, XCHARS, 2, 2);
            let who = recipient(rng);
            let (local, dom) = who.split_once('@').unwrap_or((&who, "example.org"));
            format!("{s}={dom}={local}@forwarder.example.net")
        }
        _ => format!(
            "{}@{}",
            rng.pick(&["noreply", "notifications", "info", "newsletter", "billing"]),
            rng.pick(ORGS)
        ),
    }
}

fn recipient(rng: &mut Rng) -> String {
    let d = domain(rng);
    person(rng, d)
}

/// A MAIL line; parameters in the proportions Postfix, Exchange and bulk senders send
/// them to a server that offers SIZE, 8BITMIME, DSN and SMTPUTF8.
fn mail_line(rng: &mut Rng, from: &str, plain_share: usize) -> String {
    let mut line = if rng.chance(3) {
        String::from("MAIL FROM:<>")
    } else {
        format!("MAIL FROM:<{from}>")
    };
    if rng.chance(plain_share) {
        return line + "\r\n";
    }
    if rng.chance(85) {
        // log-uniform-ish: 2 KB to 20 MB
        let size = [2_000usize, 20_000, 200_000, 2_000_000][rng.below(4)] * rng.range(1, 10);
        line += &format!(" SIZE={size}");
    }
    if rng.chance(70) {
        line += if rng.chance(90) {
            " BODY=8BITMIME"
        } else {
            " BODY=7BIT"
        };
    }
    if rng.chance(5) {
        line += " SMTPUTF8";
    }
    if rng.chance(12) {
        line += if rng.chance(50) {
            " RET=HDRS"
        } else {
            " RET=FULL"
        };
        let mut envid = String::from(" ENVID=");
        rng.push_chars(&mut envid, XCHARS, 12, 32);
        line += &envid;
    }
    line + "\r\n"
}

/// A RCPT line, with NOTIFY in `notify`% and ORCPT in `orcpt`% of them.
fn rcpt_line(rng: &mut Rng, to: &str, notify: usize, orcpt: usize) -> String {
    let mut line = format!("RCPT TO:<{to}>");
    if rng.chance(notify) {
        line += rng.pick(&[
            " NOTIFY=SUCCESS,FAILURE",
            " NOTIFY=FAILURE",
            " NOTIFY=FAILURE,DELAY",
            " NOTIFY=NEVER",
        ]);
    }
    if rng.chance(orcpt) {
        line += " ORCPT=rfc822;";
        line += &xtext(to);
    }
    line + "\r\n"
}

/// `xtext` (RFC 3461 §4): `+`, `=` and bytes outside `!`..`~` as `+XX`.
fn xtext(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if (b'!'..=b'~').contains(&b) && b != b'+' && b != b'=' {
            out.push(char::from(b));
        } else {
            out += &format!("+{b:02X}");
        }
    }
    out
}

/// What the client sends in a message body: a few headers and some text, dot-stuffed.
fn body(rng: &mut Rng, from: &str, to: &str) -> Vec<u8> {
    let mut b = format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: report {}\r\nMessage-ID: <{}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
        rng.range(1, 9999),
        rng.next_u64()
    )
    .into_bytes();
    for _ in 0..rng.range(2, 12) {
        if rng.chance(5) {
            b.extend_from_slice(b"..a line that began with a dot\r\n");
        } else {
            let mut line = String::new();
            rng.push_chars(&mut line, LOWER, 20, 76);
            b.extend_from_slice(line.as_bytes());
            b.extend_from_slice(b"\r\n");
        }
    }
    b
}

/// One connection's bytes: what the client sends, command lines and bodies, and the
/// command lines alone (what a command parser sees).
#[derive(Debug, Default, Clone)]
pub struct Connection {
    /// Everything the client sends, bodies included, as one byte stream.
    pub wire: Vec<u8>,
    /// The command lines only, in order.
    pub commands: Vec<u8>,
}

impl Connection {
    fn line(&mut self, line: &str) {
        self.wire.extend_from_slice(line.as_bytes());
        self.commands.extend_from_slice(line.as_bytes());
    }
}

/// Many server connections as an MX and a submission server see them (seeded):
///
/// - 70% MX: EHLO (5% HELO), 1-2 transactions, 1-3 recipients each (a few up to 8).
/// - 30% submission: EHLO, `AUTH PLAIN` with a base64 initial response, then the same.
/// - MAIL: SIZE 85%, BODY 70%, SMTPUTF8 5%, RET+ENVID 12% (a fifth of MAILs bare);
///   RCPT: NOTIFY 10%, ORCPT 8%.
/// - DATA (90%, with a short dot-stuffed body) or `BDAT n LAST` (10%);
///   RSET 10%, NOOP 5%, VRFY 2%, HELP 1% of connections; QUIT at the end.
pub fn mixed_connections(seed: u64, count: usize) -> Vec<Connection> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| connection(&mut rng)).collect()
}

fn connection(rng: &mut Rng) -> Connection {
    let mut c = Connection::default();
    let submission = rng.chance(30);
    let verb = if !submission && rng.chance(5) {
        "HELO"
    } else {
        "EHLO"
    };
    c.line(&format!("{verb} {}\r\n", rng.pick(CLIENT_NAMES)));
    if verb == "EHLO" && submission {
        let user = recipient(rng);
        let mut pass = String::new();
        rng.push_chars(&mut pass, XCHARS, 10, 24);
        let token = mail_proto_core::sasl::encode_line(format!("\0{user}\0{pass}").as_bytes());
        c.line(&format!("AUTH PLAIN {token}\r\n"));
    }
    if rng.chance(5) {
        c.line("NOOP\r\n");
    }
    if rng.chance(2) {
        c.line(&format!("VRFY {}\r\n", rng.pick(FIRST)));
    }
    if rng.chance(1) {
        c.line("HELP\r\n");
    }
    for _ in 0..rng.range(1, 2) {
        transaction(rng, &mut c, verb == "EHLO");
        if rng.chance(10) {
            c.line("RSET\r\n");
        }
    }
    c.line("QUIT\r\n");
    c
}

/// MAIL, RCPTs and a body; without ESMTP (after HELO) no parameters and no BDAT.
fn transaction(rng: &mut Rng, c: &mut Connection, esmtp: bool) {
    let from = sender(rng);
    let (plain, notify, orcpt) = if esmtp { (20, 10, 8) } else { (100, 0, 0) };
    c.line(&mail_line(rng, &from, plain));
    let count = if rng.chance(5) {
        rng.range(4, 8)
    } else {
        rng.range(1, 3)
    };
    let mut first = String::new();
    for i in 0..count {
        let to = recipient(rng);
        c.line(&rcpt_line(rng, &to, notify, orcpt));
        if i == 0 {
            first = to;
        }
    }
    let text = body(rng, &from, &first);
    if !esmtp || rng.chance(90) {
        c.line("DATA\r\n");
        c.wire.extend_from_slice(&text);
        c.wire.extend_from_slice(b".\r\n");
    } else {
        c.line(&format!("BDAT {} LAST\r\n", text.len()));
        c.wire.extend_from_slice(&text);
    }
}

/// The command lines of [`mixed_connections`] (seed 1, 400 connections), concatenated:
/// the mixed-session input of the command parsers.
pub fn mixed_commands() -> Vec<u8> {
    mixed_connections(1, 400)
        .into_iter()
        .flat_map(|c| c.commands)
        .collect()
}

/// A pipelined MAIL/RCPT stream (seeded) where a third of the RCPTs carry
/// `ORCPT=rfc822;<the address>` (as a forwarder or a list server sends them), a tenth
/// NOTIFY; 2-10 recipients per MAIL, MAIL with the usual SIZE/BODY.
pub fn orcpt_stream() -> Vec<u8> {
    let mut rng = Rng::new(2);
    let mut out = String::new();
    for _ in 0..150 {
        let from = sender(&mut rng);
        out += &mail_line(&mut rng, &from, 10);
        for _ in 0..rng.range(2, 10) {
            let to = recipient(&mut rng);
            out += &rcpt_line(&mut rng, &to, 10, 33);
        }
    }
    out.into_bytes()
}
