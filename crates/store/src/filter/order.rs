//! `orderBy` lists: `event_time desc`, `severity desc, name`.

use super::sql::SEVERITY_RANK_SQL;
use super::FilterError;

/// A field findings can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderField {
    /// `event_time` / `eventTime`.
    EventTime,
    /// `create_time` / `createTime`.
    CreateTime,
    /// `category`.
    Category,
    /// `severity`, by rank (LOW < MEDIUM < HIGH < CRITICAL; anything else below LOW).
    Severity,
    /// `name`.
    Name,
    /// `state`.
    State,
}

impl OrderField {
    fn parse(name: &str) -> Option<OrderField> {
        Some(match name {
            "event_time" | "eventTime" => OrderField::EventTime,
            "create_time" | "createTime" => OrderField::CreateTime,
            "category" => OrderField::Category,
            "severity" => OrderField::Severity,
            "name" => OrderField::Name,
            "state" => OrderField::State,
            _ => return None,
        })
    }

    /// Whether the sorted value is an integer (times, the severity's rank) rather than text.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            OrderField::EventTime | OrderField::CreateTime | OrderField::Severity
        )
    }

    /// The fixed SQL expression sorted on.
    pub fn sql(self) -> &'static str {
        match self {
            OrderField::EventTime => "event_time_ns",
            OrderField::CreateTime => "create_time_ns",
            OrderField::Category => "category",
            OrderField::Severity => SEVERITY_RANK_SQL,
            OrderField::Name => "name",
            OrderField::State => "state",
        }
    }
}

/// One sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderKey {
    /// The field.
    pub field: OrderField,
    /// `desc` (otherwise ascending).
    pub descending: bool,
}

/// A parsed `orderBy` list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrderBy {
    /// The keys, most significant first.
    pub keys: Vec<OrderKey>,
}

impl Default for OrderBy {
    /// Newest first: `event_time desc`.
    fn default() -> Self {
        Self {
            keys: vec![OrderKey {
                field: OrderField::EventTime,
                descending: true,
            }],
        }
    }
}

impl OrderBy {
    /// The `ORDER BY` list (without the keywords), built from fixed column expressions only,
    /// with `name` appended as the final tie-breaker (unless already a key) so that paging is
    /// stable. The default gives `event_time_ns DESC, name`.
    pub fn to_sql(&self) -> String {
        self.total_keys()
            .iter()
            .map(|k| {
                if k.descending {
                    format!("{} DESC", k.field.sql())
                } else {
                    k.field.sql().to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The keys with `name` appended (ascending) unless already one: a total order, which keyset
    /// paging needs.
    pub fn total_keys(&self) -> Vec<OrderKey> {
        let mut keys = self.keys.clone();
        if !keys.iter().any(|k| k.field == OrderField::Name) {
            keys.push(OrderKey {
                field: OrderField::Name,
                descending: false,
            });
        }
        keys
    }
}

/// Parses an `orderBy` value: comma-separated fields (`event_time`/`eventTime`,
/// `create_time`/`createTime`, `category`, `severity`, `name`, `state`), each optionally followed
/// by `asc` or `desc` (any case). Empty or blank gives [`OrderBy::default`]. Unknown fields,
/// unknown directions, empty items and repeated fields are errors at their column.
///
/// ```
/// let o = shrike_store::filter::order_by("severity desc, eventTime").unwrap();
/// assert!(o.to_sql().ends_with(" END DESC, event_time_ns, name"));
/// ```
pub fn order_by(spec: &str) -> Result<OrderBy, FilterError> {
    if spec.trim().is_empty() {
        return Ok(OrderBy::default());
    }
    let chars: Vec<char> = spec.chars().collect();
    // Items as (start index, end index) in `chars`, split at commas.
    let mut items = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == ',' {
            items.push((start, i));
            start = i + 1;
        }
    }
    items.push((start, chars.len()));
    let mut keys: Vec<OrderKey> = Vec::new();
    for (n, &(from, to)) in items.iter().enumerate() {
        // Words of the item, with their 1-based columns.
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut i = from;
        while i < to {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let word_start = i;
            while i < to && !chars[i].is_whitespace() {
                i += 1;
            }
            words.push((chars[word_start..i].iter().collect(), word_start + 1));
        }
        let Some((name, col)) = words.first() else {
            // Point at the comma after the empty item, or before it for the last one.
            let comma = if n + 1 < items.len() { to } else { from - 1 };
            return Err(FilterError {
                column: comma + 1,
                message: "empty orderBy item".to_owned(),
            });
        };
        let field = OrderField::parse(name).ok_or_else(|| FilterError {
            column: *col,
            message: format!(
                "cannot order by '{name}' (expected event_time, create_time, category, severity, name or state)"
            ),
        })?;
        if keys.iter().any(|k| k.field == field) {
            return Err(FilterError {
                column: *col,
                message: format!("'{name}' is already in the orderBy list"),
            });
        }
        let descending = match words.get(1) {
            None => false,
            Some((dir, _)) if dir.eq_ignore_ascii_case("asc") => false,
            Some((dir, _)) if dir.eq_ignore_ascii_case("desc") => true,
            Some((dir, col)) => {
                return Err(FilterError {
                    column: *col,
                    message: format!("unknown sort direction '{dir}' (expected asc or desc)"),
                });
            }
        };
        if let Some((extra, col)) = words.get(2) {
            return Err(FilterError {
                column: *col,
                message: format!("unexpected '{extra}' (separate orderBy fields with commas)"),
            });
        }
        keys.push(OrderKey { field, descending });
    }
    Ok(OrderBy { keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_builds_sql() {
        assert_eq!(order_by("").unwrap().to_sql(), "event_time_ns DESC, name");
        assert_eq!(
            order_by("event_time desc").unwrap().to_sql(),
            "event_time_ns DESC, name"
        );
        assert_eq!(
            order_by("eventTime").unwrap().to_sql(),
            "event_time_ns, name"
        );
        assert_eq!(
            order_by(" createTime ASC ,category").unwrap().to_sql(),
            "create_time_ns, category, name"
        );
        assert_eq!(order_by("name desc").unwrap().to_sql(), "name DESC");
        assert_eq!(order_by("state, name").unwrap().to_sql(), "state, name");
        assert_eq!(
            order_by("severity desc, name").unwrap().to_sql(),
            format!("{SEVERITY_RANK_SQL} DESC, name")
        );
        assert_eq!(OrderBy { keys: vec![] }.to_sql(), "name");
    }

    #[test]
    fn errors_point_at_the_item() {
        let col = |s: &str| order_by(s).unwrap_err().column;
        assert_eq!(col("evnt_time"), 1);
        assert_eq!(col("name, bogus desc"), 7);
        assert_eq!(col("name sideways"), 6);
        assert_eq!(col("name desc extra"), 11);
        assert_eq!(col("name,"), 5);
        assert_eq!(col(",name"), 1);
        assert_eq!(col("name,,state"), 6);
        assert_eq!(col("name, state, eventTime, event_time"), 25);
        assert_eq!(col("ünï"), 1);
        assert_eq!(col("ü desc, x"), 1);
        assert_eq!(col("name ,  ünï"), 9);
    }
}
