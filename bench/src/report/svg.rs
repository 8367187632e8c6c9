//! docs/performance.svg: bar charts of the ratios and CPU figures, one panel each.

use std::fmt::Write as _;

use super::{
    ours_over_floor, ratio_to_bound, sizes_and_ops, stat, CPU_TARGET_MS, FLOOR_TARGET, RATIO_TARGET,
};
use crate::results::Results;
use crate::stats::Stat;
use crate::tf::{Op, Variant};
use crate::PARALLELISM;

const W: f64 = 960.0;
const PANEL_H: f64 = 300.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 62.0;
const BOTTOM: f64 = 70.0;
const COLORS: [&str; 4] = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"];

struct Panel<'a> {
    title: String,
    y_label: &'a str,
    series: Vec<&'a str>,
    /// (group label, one stat per series)
    groups: Vec<(String, Vec<Stat>)>,
    target: Option<(f64, String)>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn nice_max(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

/// Where a panel sits: its top edge, its plot area and its y scale.
struct Frame {
    y0: f64,
    top: f64,
    plot_w: f64,
    plot_h: f64,
    ymax: f64,
}

impl Frame {
    fn new(y0: f64, p: &Panel) -> Frame {
        let mut vmax: f64 = 0.0;
        for st in p.groups.iter().flat_map(|(_, stats)| stats) {
            if st.max.is_finite() {
                vmax = vmax.max(st.max);
            }
        }
        if let Some((t, _)) = &p.target {
            vmax = vmax.max(*t * 1.1);
        }
        Frame {
            y0,
            top: y0 + TOP,
            plot_w: W - LEFT - RIGHT,
            plot_h: PANEL_H - TOP - BOTTOM,
            ymax: nice_max(vmax),
        }
    }

    fn y(&self, v: f64) -> f64 {
        self.top + self.plot_h - (v / self.ymax).clamp(0.0, 1.0) * self.plot_h
    }

    fn bottom(&self) -> f64 {
        self.top + self.plot_h
    }
}

/// Title, grid lines with their ticks, and the y label.
fn axes(svg: &mut String, f: &Frame, p: &Panel) {
    let _ = writeln!(
        svg,
        r#"<text x="{LEFT}" y="{}" font-size="15" font-weight="bold">{}</text>"#,
        f.y0 + 22.0,
        esc(&p.title)
    );
    for i in 0..=5 {
        let v = f.ymax * i as f64 / 5.0;
        let yy = f.y(v);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#ddd"/>"##,
            LEFT + f.plot_w
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            yy + 4.0,
            fmt_tick(v)
        );
    }
    let _ = writeln!(
        svg,
        r#"<text transform="translate({:.1},{:.1}) rotate(-90)" font-size="12" text-anchor="middle">{}</text>"#,
        16.0,
        f.top + f.plot_h / 2.0,
        esc(p.y_label)
    );
}

/// One bar (the median) with a whisker from min to max when there are several runs.
fn bar(svg: &mut String, f: &Frame, x: f64, bw: f64, si: usize, name: &str, st: &Stat) {
    let color = COLORS[si % COLORS.len()];
    let _ = writeln!(
        svg,
        r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{}: {}</title></rect>"#,
        f.y(st.median),
        bw - 2.0,
        (f.bottom() - f.y(st.median)).max(0.0),
        esc(name),
        st.show(3)
    );
    if st.n > 1 {
        let cx = x + (bw - 2.0) / 2.0;
        let _ = writeln!(
            svg,
            r##"<line x1="{cx:.1}" y1="{:.1}" x2="{cx:.1}" y2="{:.1}" stroke="#222"/>"##,
            f.y(st.min),
            f.y(st.max)
        );
        for v in [st.min, st.max] {
            let _ = writeln!(
                svg,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#222"/>"##,
                cx - 4.0,
                f.y(v),
                cx + 4.0,
                f.y(v)
            );
        }
    }
}

/// The bars of every group, and the group labels under them.
fn bars(svg: &mut String, f: &Frame, p: &Panel) {
    let gw = f.plot_w / p.groups.len().max(1) as f64;
    let nser = p.series.len().max(1) as f64;
    let bw = (gw * 0.7 / nser).min(40.0);
    for (gi, (label, stats)) in p.groups.iter().enumerate() {
        let gx = LEFT + gw * gi as f64 + (gw - bw * nser) / 2.0;
        for (si, st) in stats.iter().enumerate().filter(|(_, st)| st.n > 0) {
            bar(svg, f, gx + bw * si as f64, bw, si, p.series[si], st);
        }
        let lx = LEFT + gw * gi as f64 + gw / 2.0;
        for (li, part) in label.split('\n').enumerate() {
            let _ = writeln!(
                svg,
                r#"<text x="{lx:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
                f.bottom() + 16.0 + 13.0 * li as f64,
                esc(part)
            );
        }
    }
}

/// The target as a dashed line, the legend, and the x axis.
fn target_and_legend(svg: &mut String, f: &Frame, p: &Panel) {
    if let Some((t, label)) = &p.target {
        let yy = f.y(*t);
        let _ = writeln!(
            svg,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#d62728" stroke-dasharray="6,4" stroke-width="1.5"/>"##,
            LEFT + f.plot_w
        );
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" fill="#d62728" text-anchor="end">{}</text>"##,
            LEFT + f.plot_w,
            yy - 4.0,
            esc(label)
        );
    }
    let mut lx = LEFT;
    for (si, name) in p.series.iter().enumerate() {
        let _ = writeln!(
            svg,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/>"#,
            f.y0 + 32.0,
            COLORS[si % COLORS.len()]
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="12">{}</text>"#,
            lx + 16.0,
            f.y0 + 42.0,
            esc(name)
        );
        lx += 30.0 + 7.0 * name.len() as f64;
    }
    let _ = writeln!(
        svg,
        r#"<line x1="{LEFT}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black"/>"#,
        f.bottom(),
        LEFT + f.plot_w,
        f.bottom()
    );
}

fn panel(svg: &mut String, y0: f64, p: &Panel) {
    let f = Frame::new(y0, p);
    axes(svg, &f, p);
    bars(svg, &f, p);
    target_and_legend(svg, &f, p);
}

fn fmt_tick(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v < 0.1 {
        format!("{v:.3}")
    } else if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.0}")
    }
}

/// Wall time ÷ lower bound per N and command, one panel per latency above 0.
fn latency_panels(r: &Results) -> Vec<Panel<'static>> {
    let s = &r.settings;
    let mut panels = Vec::new();
    for &lat in s.latencies.iter().filter(|l| **l > 0) {
        let groups = s
            .sizes
            .iter()
            .map(|&n| {
                let stats = Op::ALL
                    .iter()
                    .map(|&op| ratio_to_bound(r.samples(lat, Variant::OIG, n, op), lat))
                    .collect();
                (format!("N = {n}"), stats)
            })
            .collect();
        panels.push(Panel {
            title: format!(
                "Wall time ÷ lower bound (calls × {lat} ms ÷ {PARALLELISM}), at {lat} ms latency"
            ),
            y_label: "ratio",
            series: Op::ALL.iter().map(|op| op.name()).collect(),
            groups,
            target: Some((RATIO_TARGET, format!("target {RATIO_TARGET}"))),
        });
    }
    panels
}

/// As shipped and under the TCP_NODELAY shim, at N = `nodelay_n`, per latency above 0.
fn nodelay_panels(r: &Results) -> Vec<Panel<'static>> {
    let s = &r.settings;
    let dn = s.nodelay_n;
    let mut panels = Vec::new();
    for &lat in s.latencies.iter().filter(|l| **l > 0) {
        if r.samples(lat, Variant::OIG_NODELAY, dn, Op::Plan)
            .is_empty()
        {
            continue;
        }
        let groups = Op::ALL
            .iter()
            .map(|&op| {
                (
                    format!("{op}, N = {dn}"),
                    vec![
                        ratio_to_bound(r.samples(lat, Variant::OIG, dn, op), lat),
                        ratio_to_bound(r.samples(lat, Variant::OIG_NODELAY, dn, op), lat),
                    ],
                )
            })
            .collect();
        panels.push(Panel {
            title: format!("Diagnosis: wall time ÷ lower bound at {lat} ms, as shipped and with TCP_NODELAY on the gRPC socket"),
            y_label: "ratio",
            series: vec!["as shipped", "TCP_NODELAY (LD_PRELOAD shim)"],
            groups,
            target: Some((RATIO_TARGET, format!("target {RATIO_TARGET}"))),
        });
    }
    panels
}

/// Ours ÷ floor at 0 ms, apply and plan per N.
fn floor_panel(r: &Results) -> Panel<'static> {
    let groups = r
        .settings
        .sizes
        .iter()
        .map(|&n| {
            let stats = [Op::Apply, Op::Plan]
                .iter()
                .map(|&op| {
                    ours_over_floor(
                        r.samples(0, Variant::OIG, n, op),
                        r.samples(0, Variant::FLOOR, n, op),
                    )
                })
                .collect();
            (format!("N = {n}"), stats)
        })
        .collect();
    Panel {
        title: "Wall time, ours ÷ no-op floor provider, at 0 ms latency".into(),
        y_label: "ratio",
        series: vec![Op::Apply.name(), Op::Plan.name()],
        groups,
        target: Some((FLOOR_TARGET, format!("target {FLOOR_TARGET} (apply, plan)"))),
    }
}

/// CPU per resource at 0 ms: the provider's, Terraform core's with ours and with the floor.
fn cpu_panel(r: &Results) -> Panel<'static> {
    let mut groups = Vec::new();
    for (n, op) in sizes_and_ops(r) {
        let ours = r.samples(0, Variant::OIG, n, op);
        let floor = r.samples(0, Variant::FLOOR, n, op);
        groups.push((
            format!("{op}\nN = {n}"),
            vec![
                stat(ours, |v| v.provider_cpu_s * 1000.0 / n as f64),
                stat(ours, |v| v.core_cpu_s * 1000.0 / n as f64),
                stat(floor, |v| v.core_cpu_s * 1000.0 / n as f64),
            ],
        ));
    }
    Panel {
        title: "CPU per resource at 0 ms latency (ms)".into(),
        y_label: "ms of CPU per resource",
        series: vec!["provider", "Terraform core", "Terraform core, floor"],
        groups,
        target: Some((
            CPU_TARGET_MS,
            format!("provider target {CPU_TARGET_MS} ms per resource operation (destroy: 2 per resource)"),
        )),
    }
}

pub fn svg(r: &Results) -> String {
    let mut panels = latency_panels(r);
    panels.extend(nodelay_panels(r));
    panels.push(floor_panel(r));
    panels.push(cpu_panel(r));
    let h = PANEL_H * panels.len() as f64;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" font-family="sans-serif">"#
    );
    let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
    for (i, p) in panels.iter().enumerate() {
        panel(&mut svg, PANEL_H * i as f64, p);
    }
    let _ = writeln!(svg, "</svg>");
    svg
}
