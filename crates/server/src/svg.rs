//! A small SVG bar chart for story timelines (articles per day).

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Bars of articles per day, left to right in time order (the chart is
/// embedded in a right-to-left page but keeps time running left to right,
/// as charts in Arabic newspapers do, with the direction stated in its
/// title). Empty input gives an empty chart.
pub fn timeline_svg(per_day: &BTreeMap<NaiveDate, u32>) -> String {
    let (w, h, pad) = (560.0f32, 140.0f32, 24.0f32);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" direction="ltr"><title>عدد المقالات في اليوم (الزمن من اليسار إلى اليمين)</title>"#
    );
    let (Some(first), Some(last)) = (per_day.keys().next().copied(), per_day.keys().next_back().copied()) else {
        s.push_str("</svg>");
        return s;
    };
    let days = ((last - first).num_days() + 1).clamp(1, 366) as usize;
    let max = per_day.values().copied().max().unwrap_or(1).max(1) as f32;
    let slot = (w - 2.0 * pad) / days as f32;
    let bar = (slot * 0.7).max(2.0);
    for (d, &n) in per_day {
        let i = (*d - first).num_days().clamp(0, days as i64 - 1) as f32;
        let bh = (h - 2.0 * pad) * n as f32 / max;
        let x = pad + i * slot + (slot - bar) / 2.0;
        let y = h - pad - bh;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{bh:.1}" fill="#2a6f97"><title>{d}: {n}</title></rect><text x="{tx:.1}" y="{ty:.1}" font-size="10" text-anchor="middle">{n}</text>"##,
            tx = x + bar / 2.0,
            ty = y - 3.0
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{pad}" y1="{y}" x2="{x2}" y2="{y}" stroke="#555"/><text x="{pad}" y="{ly}" font-size="10">{first}</text><text x="{x2}" y="{ly}" font-size="10" text-anchor="end">{last}</text></svg>"##,
        y = h - pad,
        x2 = w - pad,
        ly = h - 8.0
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_day_scaled_to_the_max() {
        let mut m = BTreeMap::new();
        m.insert(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(), 2);
        m.insert(NaiveDate::from_ymd_opt(2025, 4, 3).unwrap(), 4);
        let svg = timeline_svg(&m);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("2025-04-01") && svg.contains("2025-04-03"));
        assert!(svg.contains(r#"height="92.0""#), "{svg}"); // the tallest bar fills the plot
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn empty_chart() {
        assert_eq!(timeline_svg(&BTreeMap::new()).matches("<rect").count(), 0);
    }
}
