//! Parses the benches' FETCH stream many times: a profiling aid.
//! `imap-fetch-loop [rounds] [ours|framed7|codec|improto]` (the parser: ours by
//! default, ours behind the framer fed 7-byte pieces, imap-codec or imap-proto 0.17),
//! e.g.
//! `perf record --call-graph dwarf target/release/examples/imap-fetch-loop 30`, or
//! `valgrind --tool=callgrind --toggle-collect='benches::imap::codec_responses'
//! target/release/examples/imap-fetch-loop 2 codec` for instruction counts.

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);
    let parse: fn(&[u8]) -> Option<usize> = match args.next().as_deref() {
        None | Some("ours") => benches::imap::ours_responses,
        Some("framed7") => |s| benches::imap::ours_framed(s, 7),
        Some("codec") => benches::imap::codec_responses,
        Some("improto") => benches::imap::improto_responses,
        Some(other) => {
            eprintln!("unknown parser {other:?}: ours, framed7, codec or improto");
            std::process::exit(2);
        }
    };
    let stream = benches::imap::fetch_stream(10_000, 1);
    let mut count = 0usize;
    for _ in 0..rounds {
        match parse(&stream) {
            Some(n) => count += n,
            None => {
                eprintln!("a response did not parse");
                std::process::exit(1);
            }
        }
    }
    println!("{count} responses parsed from {} bytes", stream.len());
}
