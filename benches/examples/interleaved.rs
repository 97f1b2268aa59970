//! Ours and smtp-proto 0.2 measured in alternation, per input: on a shared, noisy
//! machine the minimum over many short alternating rounds is a steadier ratio than two
//! long runs one after the other. Complements the criterion bench.
//!
//! `cargo run --release -p benches --example interleaved [rounds]`
//!
//! Prints, per input, the speed of ours relative to the peer (peer time / our time:
//! above 1 we are faster), at the minimum and the median of the rounds; then the same
//! per kind of command line of the mixed session and the ORCPT stream.

use std::hint::black_box;
use std::time::Duration;

use benches::time_per_call as time;
use benches::{
    Connection, Served, ours_frame, ours_parse, ours_serve, parse_all, peer_parse, peer_receive,
};

/// One comparison: a name, its size in bytes, and the two runs.
struct Case<'a> {
    name: String,
    bytes: usize,
    ours: Box<dyn Fn() -> usize + 'a>,
    peer: Box<dyn Fn() -> usize + 'a>,
}

fn parse_case(name: impl Into<String>, input: &[u8]) -> Case<'_> {
    Case {
        name: name.into(),
        bytes: input.len(),
        ours: Box::new(move || parse_all(ours_parse, black_box(input)).unwrap_or(0)),
        peer: Box::new(move || parse_all(peer_parse, black_box(input)).unwrap_or(0)),
    }
}

/// The mixed sessions in 7-byte pieces: `ours` on each connection against the peer's
/// receivers.
fn pieces_case<'a>(
    name: &str,
    connections: &'a [Connection],
    ours: impl Fn(&[u8]) -> Option<Served> + 'a,
) -> Case<'a> {
    Case {
        name: name.into(),
        bytes: connections.iter().map(|c| c.wire.len()).sum(),
        ours: Box::new(move || {
            let served = connections.iter().filter_map(|c| ours(&c.wire));
            served.map(|s| s.body).sum()
        }),
        peer: Box::new(move || {
            let served = connections.iter().filter_map(|c| peer_receive(&c.wire, 7));
            served.map(|s| s.body).sum()
        }),
    }
}

/// Alternates short rounds of both and prints the ratios.
fn compare(case: &Case<'_>, rounds: usize) {
    // about a millisecond per round and side
    let once = time(&*case.ours, 3).max(Duration::from_nanos(50));
    let reps = (1_000_000 / once.as_nanos().max(1) as usize).clamp(1, 10_000);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        a.push(time(&*case.ours, reps));
        b.push(time(&*case.peer, reps));
    }
    a.sort();
    b.sort();
    let mid = rounds / 2;
    let mib = |d: Duration| case.bytes as f64 / d.as_secs_f64() / f64::from(1 << 20);
    println!(
        "{:<52} {:>7} B  ours {:>6.0} MiB/s  peer {:>6.0} MiB/s  ours/peer min {:.2} median {:.2}",
        case.name,
        case.bytes,
        mib(a[0]),
        mib(b[0]),
        b[0].as_secs_f64() / a[0].as_secs_f64(),
        b[mid].as_secs_f64() / a[mid].as_secs_f64(),
    );
}

/// The kind of a command line, by what decides the parser's path through it.
fn kind(line: &[u8]) -> &'static str {
    let text = String::from_utf8_lossy(line).to_ascii_uppercase();
    let has = |s: &str| text.contains(s);
    if text.starts_with("MAIL") {
        match (has("ENVID="), has("=")) {
            (true, _) => "MAIL with RET+ENVID",
            (false, true) => "MAIL with SIZE/BODY",
            (false, false) if has("SMTPUTF8") => "MAIL with SIZE/BODY",
            _ => "MAIL bare",
        }
    } else if text.starts_with("RCPT") {
        match (has("ORCPT="), has("NOTIFY=")) {
            (true, _) => "RCPT with ORCPT",
            (false, true) => "RCPT with NOTIFY",
            _ => "RCPT bare",
        }
    } else if text.starts_with("EHLO") || text.starts_with("HELO") {
        "EHLO/HELO"
    } else if text.starts_with("AUTH") {
        "AUTH PLAIN"
    } else {
        "DATA/BDAT/RSET/NOOP/VRFY/HELP/QUIT"
    }
}

/// The lines of `inputs`, grouped by [`kind`], each group concatenated.
fn by_kind(inputs: &[&[u8]]) -> Vec<(&'static str, Vec<u8>)> {
    let mut groups: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for input in inputs {
        for line in input.split_inclusive(|&b| b == b'\n') {
            let k = kind(line);
            match groups.iter_mut().find(|(name, _)| *name == k) {
                Some((_, buf)) => buf.extend_from_slice(line),
                None => groups.push((k, line.to_vec())),
            }
        }
    }
    groups.sort_by_key(|(name, _)| *name);
    groups
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100)
        .max(2);
    let inputs = benches::command_inputs();
    let connections = benches::mixed_connections(1, 400);
    let config = benches::server_config();

    println!("per input ({rounds} alternating rounds):");
    for (name, input) in &inputs {
        compare(&parse_case(*name, input), rounds);
    }
    let framer = |wire: &[u8]| ours_frame(wire, 7);
    let server = |wire: &[u8]| ours_serve(&config, wire, 7);
    compare(
        &pieces_case("session_7_byte_pieces framer", &connections, framer),
        rounds,
    );
    compare(
        &pieces_case("session_7_byte_pieces server machine", &connections, server),
        rounds,
    );

    println!("\nper kind of line, mixed session and ORCPT stream together:");
    let groups = by_kind(&[&inputs[0].1, &inputs[1].1]);
    let total: usize = groups.iter().map(|(_, g)| g.len()).sum();
    for (name, group) in &groups {
        let lines = group.iter().filter(|&&b| b == b'\n').count();
        let share = 100.0 * group.len() as f64 / total as f64;
        compare(
            &parse_case(
                format!("{name} ({lines} lines, {share:.0}% of bytes)"),
                group,
            ),
            rounds,
        );
    }
}
