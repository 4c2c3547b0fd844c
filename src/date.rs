//! Calendar dates, for a rule's `reviewed: YYYY-MM-DD` and the age `rules lint` measures from
//! it. Parsing a real day and counting days between two are all advisor needs of dates, so
//! a few lines of civil-calendar arithmetic instead of a date library.

use std::fmt;

/// A day of the (proleptic) Gregorian calendar; ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The date, if the calendar has that day.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`; the error says what is wrong, for a message that adds where.
    pub fn parse(text: &str) -> Result<Date, String> {
        let expected = || format!("expected a date as YYYY-MM-DD, like 2026-11-28, found `{text}`");
        let parts: Vec<&str> = text.split('-').collect();
        let [year, month, day] = parts[..] else {
            return Err(expected());
        };
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
            return Err(expected());
        }
        // Four and two ASCII digits always parse.
        let (year, month, day) = (
            year.parse().unwrap_or_default(),
            month.parse().unwrap_or_default(),
            day.parse().unwrap_or_default(),
        );
        Date::from_ymd(year, month, day).ok_or_else(|| match month {
            1..=12 => format!(
                "`{text}` is not a day of the calendar: {} {year} has {} days",
                MONTHS[usize::from(month - 1)],
                days_in_month(year, month)
            ),
            _ => format!("`{text}` is not a day of the calendar: a month is 01 to 12"),
        })
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Date::from_days(i64::try_from(seconds / 86_400).unwrap_or(0))
    }

    /// Days since 1970-01-01 (negative before it), after Howard Hinnant's `days_from_civil`.
    pub fn days(self) -> i64 {
        let month = i64::from(self.month);
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The inverse of [`Date::days`] (Hinnant's `civil_from_days`), for dates from year 0 to 9999.
    fn from_days(days: i64) -> Date {
        let days = days + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(0, 9999)).unwrap_or_default(),
            month: month as u8,
            day: day as u8,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(Date::parse("2026-11-28").unwrap().to_string(), "2026-11-28");
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2000-02-29").is_ok());
        assert_eq!(
            Date::parse("2026-02-30").unwrap_err(),
            "`2026-02-30` is not a day of the calendar: February 2026 has 28 days"
        );
        assert!(Date::parse("1900-02-29").is_err());
        assert!(
            Date::parse("2026-13-01")
                .unwrap_err()
                .contains("a month is 01 to 12")
        );
        assert!(Date::parse("2026-00-10").is_err());
        assert!(Date::parse("2026-04-31").is_err());
        assert!(Date::parse("2026-04-00").is_err());
        for malformed in [
            "",
            "2026-1-5",
            "26-01-05",
            "2026/01/05",
            "2026-01-05T00:00",
            "+202-01-05",
            "２０２６-01-05",
        ] {
            assert!(
                Date::parse(malformed)
                    .unwrap_err()
                    .starts_with("expected a date"),
                "{malformed}"
            );
        }
    }

    #[test]
    fn counts_days_across_months_leap_years_and_centuries() {
        let days = |text| Date::parse(text).unwrap().days();
        assert_eq!(days("1970-01-01"), 0);
        assert_eq!(days("2000-03-01") - days("2000-02-28"), 2);
        assert_eq!(days("1900-03-01") - days("1900-02-28"), 1);
        assert_eq!(days("2026-11-28") - days("2025-11-28"), 365);
        assert_eq!(days("2025-01-01") - days("2024-01-01"), 366);
        assert_eq!(days("1969-12-31"), -1);
    }

    #[test]
    fn days_and_dates_convert_both_ways() {
        for days in (-719_528..=2_932_896).step_by(997) {
            assert_eq!(Date::from_days(days).days(), days, "{days}");
        }
        assert_eq!(Date::from_days(20_785).to_string(), "2026-11-28");
    }
}
