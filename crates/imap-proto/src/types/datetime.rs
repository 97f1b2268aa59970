//! `date` and `date-time` (RFC 9051 §9), validated, without a calendar dependency.

use crate::error::ValueError;

/// Month names as IMAP writes them (`date-month`).
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `date-text = date-day "-" date-month "-" date-year`: a calendar day (SEARCH keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A date; `year` 0..=9999, `month` 1..=12, `day` within the month.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, ValueError> {
        if year > 9999 {
            return Err(ValueError::new("date", "year has more than 4 digits"));
        }
        if !(1..=12).contains(&month) {
            return Err(ValueError::new("date", "month out of range"));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(ValueError::new("date", "day out of range"));
        }
        Ok(Date { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }
    /// The month, 1..=12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub fn day(&self) -> u8 {
        self.day
    }
}

/// `date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone
/// DQUOTE`: INTERNALDATE and APPEND's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    date: Date,
    hour: u8,
    minute: u8,
    second: u8,
    zone_minutes: i16,
}

impl DateTime {
    /// A date-time; `second` may be 60 (a leap second); the zone is the offset from
    /// UTC in minutes, within ±99:59 as `zone = ("+" / "-") 4DIGIT` allows.
    pub fn new(
        date: Date,
        hour: u8,
        minute: u8,
        second: u8,
        zone_minutes: i16,
    ) -> Result<Self, ValueError> {
        if hour > 23 || minute > 59 || second > 60 {
            return Err(ValueError::new("date-time", "time out of range"));
        }
        if zone_minutes.unsigned_abs() > 99 * 60 + 59 {
            return Err(ValueError::new("date-time", "zone out of range"));
        }
        Ok(DateTime {
            date,
            hour,
            minute,
            second,
            zone_minutes,
        })
    }

    /// The date.
    pub fn date(&self) -> Date {
        self.date
    }
    /// The hour, 0..=23.
    pub fn hour(&self) -> u8 {
        self.hour
    }
    /// The minute.
    pub fn minute(&self) -> u8 {
        self.minute
    }
    /// The second (60 for a leap second).
    pub fn second(&self) -> u8 {
        self.second
    }
    /// Offset from UTC in minutes.
    pub fn zone_minutes(&self) -> i16 {
        self.zone_minutes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_calendar() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert!(Date::new(2023, 2, 29).is_err());
        assert!(Date::new(1900, 2, 29).is_err());
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(2000, 13, 1).is_err());
        let d = Date::new(1996, 7, 17).unwrap();
        assert!(DateTime::new(d, 2, 44, 25, -7 * 60).is_ok());
        assert!(DateTime::new(d, 24, 0, 0, 0).is_err());
        assert!(DateTime::new(d, 0, 0, 0, 6000).is_err());
    }
}
