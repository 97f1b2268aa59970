//! Parses a pipelined MAIL/RCPT stream many times: a profiling aid
//! (`valgrind --tool=callgrind target/release/examples/parse-loop`).

fn main() {
    let pair: &[u8] = b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME\r\nRCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE\r\n";
    let input = pair.repeat(200);
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let mut count = 0usize;
    for _ in 0..rounds {
        let mut rest = &input[..];
        while !rest.is_empty() {
            match smtp_proto::parse_command(rest) {
                Ok((cmd, used)) => {
                    count += usize::from(matches!(cmd, smtp_proto::Command::Mail { .. }));
                    rest = &rest[used..];
                }
                Err(e) => {
                    eprintln!("{e}");
                    return;
                }
            }
        }
    }
    println!("{count} MAIL commands parsed");
}
