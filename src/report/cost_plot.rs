//! Monthly cost against monthly volume as an SVG (`advisor cost --plot`): one line per option
//! on log–log axes, with vertical markers for the workload's own volume and the break-even
//! points.
//!
//! Drawn with plotters' SVG backend and no font library: text goes out as SVG `<text>` in the
//! viewer's sans-serif, and plotters only estimates its width for the layout. The figures are
//! `f64` because they are only drawn; the money itself is computed elsewhere in decimals.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::escape_controls;

/// One option's monthly cost at each volume.
pub struct Series {
    pub label: String,
    /// (units a month, USD a month).
    pub points: Vec<(f64, f64)>,
}

/// A vertical line at a volume, with its label (the workload's volume, a break-even point).
pub struct Marker {
    pub volume: f64,
    pub label: String,
}

/// Everything on one chart.
pub struct Plot {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
}

const WIDTH: u32 = 960;
const HEIGHT: u32 = 560;
/// The highest floor for costs of zero or less: a cent, unless some cost is lower.
const COST_FLOOR: f64 = 0.01;
/// The lowest floor: a hundredth of a cent, below which no cost is worth drawing apart.
const LOWEST_FLOOR: f64 = 0.0001;
const FONT: &str = "sans-serif";
/// Font sizes as plotters takes them; it writes each to the SVG divided by 1.24.
const TITLE_SIZE: f64 = 24.0;
const AXIS_SIZE: f64 = 17.0;
const TICK_SIZE: f64 = 15.0;
const MARKER_SIZE: f64 = 14.0;
/// A rough width of one character of `MARKER_SIZE` text, for the white under a marker label.
const MARKER_CHAR_WIDTH: f64 = 6.6;
/// A rough width of one character of `TICK_SIZE` text, for fitting the legend.
const CHAR_WIDTH: f64 = 7.0;
const LEGEND_MIN: u32 = 140;
/// Where a legend label starts, right of its swatch.
const LEGEND_TEXT: u32 = 36;
const LEGEND_MAX: u32 = 280;
/// Tableau's ten categorical colours (matplotlib's `tab10`), told apart by most viewers;
/// an eleventh series takes the first colour again.
const PALETTE: [RGBColor; 10] = [
    RGBColor(0x1F, 0x77, 0xB4),
    RGBColor(0xFF, 0x7F, 0x0E),
    RGBColor(0x2C, 0xA0, 0x2C),
    RGBColor(0xD6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xBD),
    RGBColor(0x8C, 0x56, 0x4B),
    RGBColor(0xE3, 0x77, 0xC2),
    RGBColor(0x7F, 0x7F, 0x7F),
    RGBColor(0xBC, 0xBD, 0x22),
    RGBColor(0x17, 0xBE, 0xCF),
];
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Markers are a dark grey none of the series uses.
const MARKER: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// The chart as an SVG document, or why it cannot be drawn (no points, a volume that is not
/// positive, a figure that is not a number).
pub fn render_svg(plot: &Plot) -> Result<String, String> {
    let bounds = Bounds::of(plot)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, plot, &bounds).map_err(|e| format!("cannot draw the cost plot: {e}"))?;
        root.present()
            .map_err(|e| format!("cannot draw the cost plot: {e}"))?;
    }
    Ok(svg)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Failure<'a> = DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>;

fn draw<'a>(root: &Area<'a>, plot: &Plot, bounds: &Bounds) -> Result<(), Failure<'a>> {
    root.fill(&WHITE)?;
    let body = root.titled(
        &text(&plot.title),
        (FONT, TITLE_SIZE).into_font().color(&INK),
    )?;
    let labels: Vec<String> = plot.series.iter().map(|s| text(&s.label)).collect();
    let legend_width = legend_width(&labels);
    let (chart_area, legend_area) = body.split_horizontally(WIDTH - legend_width);

    let (x_bold, x_light) = log_ticks(bounds.x.0, bounds.x.1);
    let (y_bold, y_light) = log_ticks(bounds.y.0, bounds.y.1);
    let mut chart = ChartBuilder::on(&chart_area)
        .margin_top(8)
        .margin_left(8)
        .margin_right(16)
        .margin_bottom(8)
        .x_label_area_size(48)
        .y_label_area_size(72)
        .build_cartesian_2d(
            (bounds.x.0..bounds.x.1)
                .log_scale()
                .with_key_points(x_bold)
                .with_light_points(x_light),
            (bounds.y.0..bounds.y.1)
                .log_scale()
                .with_key_points(y_bold)
                .with_light_points(y_light),
        )?;
    chart
        .configure_mesh()
        .x_desc(text(&plot.x_label))
        .y_desc(text(&plot.y_label))
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| money(*v))
        .label_style((FONT, TICK_SIZE).into_font().color(&INK))
        .axis_desc_style((FONT, AXIS_SIZE).into_font().color(&INK))
        .bold_line_style(RGBColor(0xD0, 0xD0, 0xD0))
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .axis_style(RGBColor(0x88, 0x88, 0x88))
        .draw()?;

    // A label runs up its line from the top of the chart; when it would touch the label
    // before it there, it runs up from the bottom instead.
    let mut markers: Vec<&Marker> = plot.markers.iter().collect();
    markers.sort_by(|a, b| a.volume.total_cmp(&b.volume));
    let mut last = [None, None];
    let (y_low, y_high) = bounds.y;
    for marker in markers {
        let x = marker.volume;
        chart.draw_series(DashedLineSeries::new(
            [(x, y_low), (x, y_high)],
            6,
            4,
            MARKER.stroke_width(1),
        ))?;
        let pixel = chart.backend_coord(&(x, y_high)).0;
        let free =
            |end: usize| last[end].is_none_or(|at: i32| pixel - at >= MARKER_SIZE as i32 + 6);
        let end = if free(0) || !free(1) { 0 } else { 1 };
        last[end] = Some(pixel);
        let label = text(&marker.label);
        let length = (label.chars().count() as f64 * MARKER_CHAR_WIDTH) as i32;
        let thickness = (MARKER_SIZE / 1.24) as i32 + 4;
        let (at, anchor, background) = if end == 0 {
            let background = [(2, 4), (2 + thickness, 8 + length)];
            ((x, y_high), Pos::new(HPos::Right, VPos::Top), background)
        } else {
            let background = [(2, -8 - length), (2 + thickness, -4)];
            ((x, y_low), Pos::new(HPos::Left, VPos::Top), background)
        };
        let start = if end == 0 { (3, 6) } else { (3, -6) };
        let style = (FONT, MARKER_SIZE)
            .into_font()
            .color(&MARKER)
            .transform(FontTransform::Rotate270)
            .pos(anchor);
        chart.plotting_area().draw(
            &(EmptyElement::at(at)
                + Rectangle::new(background, WHITE.mix(0.85).filled())
                + Text::new(label, start, style)),
        )?;
    }

    // The lines go over the markers' labels: where options cross matters more than a label.
    for (i, series) in plot.series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let points = series.points.iter().map(|&(v, c)| (v, c.max(bounds.floor)));
        chart.draw_series(LineSeries::new(points, colour.stroke_width(2)))?;
    }

    draw_legend(&legend_area, &labels)
}

/// The legend beside the chart, where no line can run under it: a swatch and a label per
/// series from the top of the plotting area down, a long label wrapped onto more lines.
fn draw_legend<'a>(area: &Area<'a>, labels: &[String]) -> Result<(), Failure<'a>> {
    let style = (FONT, TICK_SIZE)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let room = ((legend_width(labels) - LEGEND_TEXT) as f64 / CHAR_WIDTH) as usize;
    let mut y = 20;
    for (i, label) in labels.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        area.draw(&Rectangle::new([(4, y - 2), (28, y + 2)], colour.filled()))?;
        for line in wrapped(label, room) {
            area.draw(&Text::new(line, (LEGEND_TEXT as i32, y), style.clone()))?;
            y += 16;
        }
        y += 8;
    }
    Ok(())
}

/// The legend's width: enough for the longest label on one line, within bounds.
fn legend_width(labels: &[String]) -> u32 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    ((longest as f64 * CHAR_WIDTH) as u32 + LEGEND_TEXT + 8).clamp(LEGEND_MIN, LEGEND_MAX)
}

/// `label` in lines of at most `room` characters, broken between words where it can be.
fn wrapped(label: &str, room: usize) -> Vec<String> {
    let room = room.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        let fits = line.chars().count() + 1 + word.len() <= room;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        while word.len() > room {
            let rest = word.split_off(room);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text from the caller on one line, its control characters shown escaped (XML has no
/// place for most of them); plotters escapes `<`, `>`, `&` and quotes itself.
fn text(label: &str) -> String {
    escape_controls(label)
}

/// The ranges of both axes.
struct Bounds {
    x: (f64, f64),
    y: (f64, f64),
    /// Where a cost of zero or less is drawn: the lowest cost above zero, so that no real
    /// cost is drawn flat at a floor it lies below.
    floor: f64,
}

impl Bounds {
    fn of(plot: &Plot) -> Result<Bounds, String> {
        let mut volumes = Vec::new();
        let mut costs = Vec::new();
        for series in &plot.series {
            for &(volume, cost) in &series.points {
                if !volume.is_finite() || !cost.is_finite() {
                    return Err(format!(
                        "the cost plot of `{}` has a point that is not a number: ({volume}, {cost})",
                        escape_controls(&series.label)
                    ));
                }
                volumes.push(volume);
                costs.push(cost);
            }
        }
        let floor = costs
            .iter()
            .copied()
            .filter(|cost| *cost > 0.0)
            .fold(f64::INFINITY, f64::min)
            .clamp(LOWEST_FLOOR, COST_FLOOR);
        for cost in &mut costs {
            *cost = cost.max(floor);
        }
        if volumes.is_empty() {
            return Err("the cost plot has no points to draw".to_string());
        }
        volumes.extend(plot.markers.iter().map(|m| m.volume));
        if let Some(bad) = volumes.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
            return Err(format!(
                "the cost plot has a volume of {bad}; a log axis needs volumes above zero"
            ));
        }
        Ok(Bounds {
            x: padded(span(&volumes), 1.0),
            y: padded(span(&costs), 1.08),
            floor,
        })
    }
}

fn span(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// `(low, high)` widened by `factor` each way, or by half a decade each way when it is a
/// single value.
fn padded((low, high): (f64, f64), factor: f64) -> (f64, f64) {
    if high / low < 1.0001 {
        let half_decade = 10f64.sqrt();
        (low / half_decade, high * half_decade)
    } else {
        (low / factor, high * factor)
    }
}

/// The labelled ticks and the grid lines of a log axis from `low` to `high`: the powers of
/// ten when there are three or more (every second or third when there are many), else 1, 2
/// and 5 of each decade, else every digit; grid lines at every digit of every decade.
fn log_ticks(low: f64, high: f64) -> (Vec<f64>, Vec<f64>) {
    let first = low.log10().floor() as i32;
    let last = high.log10().ceil() as i32;
    let within = |v: &f64| *v >= low * (1.0 - 1e-9) && *v <= high * (1.0 + 1e-9);
    let ticks = |digits: &[f64]| -> Vec<f64> {
        (first..=last)
            .flat_map(|e| digits.iter().map(move |d| d * 10f64.powi(e)))
            .filter(within)
            .collect()
    };
    let every_digit = ticks(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    let decades = ticks(&[1.0]);
    let labelled = if decades.len() >= 3 {
        let step = decades.len().div_ceil(12);
        decades.into_iter().step_by(step).collect()
    } else {
        let one_two_five = ticks(&[1.0, 2.0, 5.0]);
        if one_two_five.len() >= 3 {
            one_two_five
        } else {
            every_digit.clone()
        }
    };
    (labelled, every_digit)
}

/// A volume as people write it on an axis: 500, 1k, 2.5M, 1B.
pub fn short_number(value: f64) -> String {
    let (scaled, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        .into_iter()
        .find(|(unit, _)| value >= *unit * (1.0 - 1e-9))
        .map_or((value, ""), |(unit, suffix)| (value / unit, suffix));
    format!("{}{suffix}", significant(scaled))
}

/// Money on an axis: $0.01, $1, $10, $1k, $2M.
fn money(value: f64) -> String {
    format!("${}", short_number(value))
}

/// Up to three significant digits, without trailing zeros.
fn significant(value: f64) -> String {
    if value <= 0.0 {
        return "0".to_string();
    }
    let decimals = (2 - value.log10().floor() as i32).max(0) as usize;
    let fixed = format!("{value:.decimals$}");
    if fixed.contains('.') {
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        fixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Plot {
        let volumes: Vec<f64> = (0..=40)
            .map(|i| 10f64.powf(4.0 + i as f64 * 0.125))
            .collect();
        let line = |label: &str, cost: &dyn Fn(f64) -> f64| Series {
            label: label.to_string(),
            points: volumes.iter().map(|&v| (v, cost(v))).collect(),
        };
        Plot {
            title: "Monthly cost by volume: web-backend".to_string(),
            x_label: "requests a month".to_string(),
            y_label: "USD a month".to_string(),
            series: vec![
                line(
                    "AWS Lambda (lambda) with Amazon API Gateway (api-gateway)",
                    &|v| (v - 1e6).max(0.0) * 1e-6 + v * 3.5e-6,
                ),
                line("Amazon ECS on AWS Fargate (ecs-fargate)", &|v| {
                    36.0 + 18.0 * (v / 5e7).ceil()
                }),
                line("Amazon ECS on Fargate Spot (ecs-fargate-spot)", &|v| {
                    24.0 + 6.0 * (v / 5e7).ceil()
                }),
                line("Amazon EC2 (ec2)", &|v| 60.0 + 30.0 * (v / 1e8).ceil()),
                line("Amazon EKS (eks)", &|v| 73.0 + 30.0 * (v / 1e8).ceil()),
                line(
                    "Amazon ECS Managed Instances (ecs-managed-instances)",
                    &|v| 45.0 + 25.0 * (v / 1e8).ceil(),
                ),
            ],
            markers: vec![
                Marker {
                    volume: 2.6e6,
                    label: "this workload: 2.6M".to_string(),
                },
                Marker {
                    volume: 8e6,
                    label: "break-even lambda → ecs-fargate-spot: 8M".to_string(),
                },
                Marker {
                    volume: 1.1e7,
                    label: "break-even lambda → ecs-fargate: 11M".to_string(),
                },
            ],
        }
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
    }

    fn texts(doc: &roxmltree::Document) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect()
    }

    fn hex(colour: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
    }

    #[test]
    fn the_svg_is_well_formed_and_draws_one_line_per_series() {
        let plot = sample();
        let svg = render_svg(&plot).unwrap();
        let doc = parse(&svg);
        assert!(doc.root_element().has_tag_name("svg"));
        let polylines: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline"))
            .collect();
        for (i, &colour) in PALETTE.iter().take(plot.series.len()).enumerate() {
            let colour = hex(colour);
            let lines = polylines
                .iter()
                .filter(|n| n.attribute("stroke") == Some(colour.as_str()))
                .count();
            assert_eq!(lines, 1, "series {i} ({colour})");
        }
        // The axes, ticks and marker dashes are thin; only the series are 2 pixels wide.
        let wide = polylines
            .iter()
            .filter(|n| n.attribute("stroke-width") == Some("2"))
            .count();
        assert_eq!(wide, plot.series.len());
    }

    #[test]
    fn the_title_axis_labels_legend_and_markers_are_text() {
        let plot = sample();
        let texts = texts(&parse(&render_svg(&plot).unwrap()));
        let mut wanted = vec![
            plot.title.clone(),
            plot.x_label.clone(),
            plot.y_label.clone(),
        ];
        wanted.extend(plot.series.iter().map(|s| s.label.clone()));
        wanted.extend(plot.markers.iter().map(|m| m.label.clone()));
        // A long legend label is wrapped over several texts.
        let joined = texts.join(" ");
        for text in wanted {
            assert!(joined.contains(&text), "{text:?} is not among {texts:?}");
        }
        for tick in ["10k", "1M", "100M", "$1", "$100"] {
            assert!(
                texts.iter().any(|t| t == tick),
                "no tick {tick} in {texts:?}"
            );
        }
    }

    #[test]
    fn markup_in_a_label_is_escaped() {
        let mut plot = sample();
        plot.series[0].label = "Lambda <&> \"Fargate\"".to_string();
        plot.markers[0].label = "<script>&amp;".to_string();
        plot.title = "a\u{1b}[31m title".to_string();
        let svg = render_svg(&plot).unwrap();
        assert!(svg.contains("Lambda &lt;&amp;&gt;"), "{svg}");
        assert!(!svg.contains("<script>"));
        let texts = texts(&parse(&svg));
        assert!(texts.contains(&"Lambda <&> \"Fargate\"".to_string()));
        assert!(texts.contains(&"<script>&amp;".to_string()));
        assert!(
            texts.contains(&"a\\u{1b}[31m title".to_string()),
            "{texts:?}"
        );
    }

    #[test]
    fn costs_of_zero_or_less_sit_on_the_floor() {
        let plot = Plot {
            series: vec![Series {
                label: "free".to_string(),
                points: vec![(1e3, 0.0), (1e6, -5.0), (1e9, 200.0)],
            }],
            markers: vec![],
            ..sample()
        };
        let svg = render_svg(&plot).unwrap();
        let texts = texts(&parse(&svg));
        assert!(texts.iter().any(|t| t == "$0.01"), "{texts:?}");
    }

    #[test]
    fn a_cost_below_a_cent_is_drawn_where_it_is_not_flat_on_a_cent_floor() {
        let plot = Plot {
            series: vec![Series {
                label: "cheap".to_string(),
                points: vec![(1e3, 0.0005), (1e6, 0.5), (1e9, 500.0)],
            }],
            markers: vec![],
            ..sample()
        };
        let svg = render_svg(&plot).unwrap();
        let texts = texts(&parse(&svg));
        assert!(texts.iter().any(|t| t == "$0.001"), "{texts:?}");
    }

    #[test]
    fn a_plot_it_cannot_draw_is_an_error() {
        let empty = Plot {
            series: vec![],
            ..sample()
        };
        assert!(render_svg(&empty).unwrap_err().contains("no points"));
        let mut zero = sample();
        zero.series[0].points[0].0 = 0.0;
        assert!(render_svg(&zero).unwrap_err().contains("above zero"));
        let mut nan = sample();
        nan.series[1].points[3].1 = f64::NAN;
        assert!(render_svg(&nan).unwrap_err().contains("not a number"));
    }

    #[test]
    fn a_single_volume_still_gets_an_axis() {
        let plot = Plot {
            series: vec![Series {
                label: "one".to_string(),
                points: vec![(5e5, 42.0)],
            }],
            markers: vec![],
            ..sample()
        };
        parse(&render_svg(&plot).unwrap());
    }

    #[test]
    fn a_long_legend_label_wraps_between_words() {
        assert_eq!(
            wrapped("Amazon ECS Managed Instances (ecs-managed-instances)", 30),
            ["Amazon ECS Managed Instances", "(ecs-managed-instances)"]
        );
        assert_eq!(wrapped("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrapped("short", 30), ["short"]);
        assert_eq!(wrapped("", 30), [""]);
    }

    #[test]
    fn ticks_read_like_people_write_them() {
        assert_eq!(short_number(1e3), "1k");
        assert_eq!(short_number(1e4), "10k");
        assert_eq!(short_number(2.5e6), "2.5M");
        assert_eq!(short_number(1e9), "1B");
        assert_eq!(short_number(500.0), "500");
        assert_eq!(money(1.0), "$1");
        assert_eq!(money(10.0), "$10");
        assert_eq!(money(1e3), "$1k");
        assert_eq!(money(10f64.powi(-2)), "$0.01");
        assert_eq!(money(0.5), "$0.5");
    }

    #[test]
    fn a_log_axis_labels_decades_or_finer_steps() {
        let (labelled, grid) = log_ticks(1e4, 1e9);
        assert_eq!(labelled.len(), 6);
        assert_eq!(grid.len(), 5 * 9 + 1);
        let (labelled, _) = log_ticks(30.0, 400.0);
        let shown: Vec<String> = labelled.iter().map(|v| short_number(*v)).collect();
        assert_eq!(shown, ["50", "100", "200"]);
        let (labelled, _) = log_ticks(1.0, 1e30);
        assert!(labelled.len() <= 12);
    }
}
