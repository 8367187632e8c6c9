//! The provider process (handshake, memory, size) and the run against a rate limit.

use std::fmt::Write as _;

use super::{
    big_small, met, stat, table_head, Summary, HANDSHAKE_TARGET_MS, RATE_TARGET, RSS_TARGET_MB,
};
use crate::results::{RateRun, Results};
use crate::stats::Stat;
use crate::tf::{Op, Variant};

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn handshake_rows(r: &Results, sum: &mut Summary) -> String {
    let p = &r.process;
    let hs = Stat::of(&p.handshake_ms);
    let ok = hs.median <= HANDSHAKE_TARGET_MS;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| Start to handshake line (ms) | {} | ≤ {HANDSHAKE_TARGET_MS} | {} |",
        hs.show(1),
        met(ok)
    );
    sum.push(
        "Start to handshake line (ms)",
        hs.show(1),
        format!("≤ {HANDSHAKE_TARGET_MS}"),
        ok,
    );
    let _ = writeln!(
        out,
        "| … without a client certificate (no TLS) | {} | | |",
        Stat::of(&p.handshake_no_tls_ms).show(1)
    );
    let _ = writeln!(
        out,
        "| … the floor provider, with the certificate | {} | | |",
        Stat::of(&p.floor_handshake_ms).show(1)
    );
    out
}

fn memory_rows(r: &Results, sum: &mut Summary) -> String {
    let (big, _) = big_small(r);
    let mut out = String::new();
    let rss_mb = |v: &crate::results::Sample| v.peak_rss_kb as f64 * 1024.0 / 1e6;
    for &lat in &r.settings.latencies {
        let x = r.samples(lat, Variant::OIG, big, Op::Apply);
        let rss = stat(x, rss_mb);
        let ok = rss.median <= RSS_TARGET_MB && !x.is_empty();
        let _ = writeln!(out, "| Peak RSS, apply of {big} at {lat} ms (MB = 10⁶ bytes) | {} | ≤ {RSS_TARGET_MB} | {} |", rss.show(1), met(ok));
        sum.push(
            format!("Peak RSS, apply of {big} at {lat} ms (MB)"),
            rss.show(1),
            format!("≤ {RSS_TARGET_MB}"),
            ok,
        );
        let floor = r.samples(lat, Variant::FLOOR, big, Op::Apply);
        if !floor.is_empty() {
            let _ = writeln!(
                out,
                "| … the floor provider | {} | | |",
                stat(floor, rss_mb).show(1)
            );
        }
    }
    out
}

fn size_rows(r: &Results, sum: &mut Summary) -> String {
    let p = &r.process;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| Release binary, stripped (MB) | {:.1} | | |",
        mb(p.size_stripped)
    );
    let _ = writeln!(
        out,
        "| … as built (`strip = \"debuginfo\"`) | {:.1} | | |",
        mb(p.size_built)
    );
    let _ = writeln!(
        out,
        "| … the floor provider, stripped | {:.1} | | |",
        mb(p.floor_size_stripped)
    );
    sum.figure(
        "Release binary, stripped (MB)",
        format!("{:.1}", mb(p.size_stripped)),
    );
    out
}

pub fn provider_process(r: &Results, sum: &mut Summary) -> String {
    let (big, _) = big_small(r);
    let mut body = String::new();
    let _ = writeln!(body, "\n## The provider process\n");
    let _ = writeln!(body, "Handshake: the release binary started with the environment Terraform gives it (`PLUGIN_PROTOCOL_VERSIONS=6`, the magic cookie, a client certificate in `PLUGIN_CLIENT_CERT` as go-plugin's AutoMTLS sends, no `PLUGIN_MIN_PORT`/`PLUGIN_MAX_PORT`), timed from spawn to its handshake line on stdout; {} starts each. Peak RSS: the largest `ru_maxrss` (VmHWM) of the provider processes of the N = {big} apply.\n", r.settings.handshakes);
    table_head(
        &mut body,
        "| Figure | Measured | Target | |",
        "|---|---:|---:|---|",
    );
    body.push_str(&handshake_rows(r, sum));
    body.push_str(&memory_rows(r, sum));
    body.push_str(&size_rows(r, sum));
    body
}

fn rate_ratio(x: &RateRun) -> f64 {
    x.wall_s / x.bound_s.max(f64::MIN_POSITIVE)
}

fn rate_row(x: &RateRun) -> (String, bool) {
    let ratio = rate_ratio(x);
    let ok = ratio <= RATE_TARGET && x.other_errors == 0 && x.exit_ok;
    let buckets = x
        .buckets
        .iter()
        .map(|(b, c)| format!("`{b}`: {c}"))
        .collect::<Vec<_>>()
        .join("<br>");
    let row = format!(
        "| {} s | {:.1} | {:.0} | {:.3} | ≤ {RATE_TARGET} | {} | {} | {} | {} | {} | {buckets} |",
        x.window_secs,
        x.wall_s,
        x.bound_s,
        ratio,
        met(ok),
        x.calls,
        x.throttled,
        x.other_errors,
        if x.exit_ok { "succeeded" } else { "**failed**" },
    );
    (row, ok)
}

pub fn rate_limited(r: &Results, sum: &mut Summary) -> String {
    let s = &r.settings;
    let mut body = String::new();
    if r.rate.is_empty() {
        return body;
    }
    let _ = writeln!(body, "\n## Rate-limited run\n");
    let _ = writeln!(body, "`terraform apply` of N = {} conditions with `status = \"ACTIVE\"` (a create and an activation each: two rate-limit buckets) against `oig-emulator --rate-limit {}` with the default provider settings (`max_api_capacity` 100 %). The bound the limit imposes: each bucket's calls need ⌈calls ÷ {}⌉ windows, all but the last of which must be waited out, so bound = (⌈calls ÷ {}⌉ − 1) × window for the busiest bucket. Errors: calls answered other than 2xx or 429, and Terraform's exit status. The first run uses a {} s window (Okta's is 60 s); the others a {} s window (the same limit per window), which checks the same behaviour in less time.\n", s.rate_n, s.rate_limit, s.rate_limit, s.rate_limit, s.rate_window_secs, s.rate_short_window_secs);
    table_head(&mut body, "| Window | Wall (s) | Bound (s) | Wall ÷ bound | Target | | API calls | 429s | Other errors | Terraform | Calls per bucket |", "|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|");
    for (i, x) in r.rate.iter().enumerate() {
        let (row, ok) = rate_row(x);
        let _ = writeln!(body, "{row}");
        if i == 0 || x.window_secs != r.rate[0].window_secs {
            sum.push(
                format!(
                    "Rate-limited apply of {} ({} s window): wall ÷ bound, errors",
                    s.rate_n, x.window_secs
                ),
                format!(
                    "{:.3}, {} errors",
                    rate_ratio(x),
                    x.other_errors + usize::from(!x.exit_ok)
                ),
                format!("≤ {RATE_TARGET}, 0"),
                ok,
            );
        }
    }
    let short: Vec<f64> = r.rate.iter().skip(1).map(rate_ratio).collect();
    if !short.is_empty() {
        let _ = writeln!(
            body,
            "\nWith the {} s window, wall ÷ bound: {}.",
            s.rate_short_window_secs,
            Stat::of(&short).show(3)
        );
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn process_and_rate_sections() {
        let r = testdata::results();
        let (text, mut sum) = testdata::section_of(&r, provider_process);
        testdata::assert_has_all(
            &text,
            &[
                "| Start to handshake line (ms) | 4.0 (3.0–5.0) | ≤ 50 | met |",
                "| Release binary, stripped (MB) | 10.0 | | |",
            ],
        );
        let text = rate_limited(&r, &mut sum);
        // 4.1 windows of wall against 4 of bound.
        assert!(
            text.contains("| 60 s | 246.0 | 240 | 1.025 | ≤ 1.15 | met |"),
            "{text}"
        );
        assert!(sum.rows.iter().all(|x| x.ok));
    }
}
