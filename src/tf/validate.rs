//! Plan-time checks of configuration values. Every message names the attribute and the allowed
//! values or limit in its text, and carries the attribute path for Terraform's highlighting.

use tf_provider::{AttributePath, Diagnostics};

use super::diag;

/// `value` must be one of `allowed`.
pub fn one_of(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    allowed: &[&str],
) -> bool {
    if allowed.contains(&value) {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid value for {name}"),
        format!(
            "{name} must be one of {}; got \"{value}\".",
            quoted_list(allowed)
        ),
        path,
    );
    false
}

/// `value` must be between `min` and `max` characters long.
pub fn length(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    min: usize,
    max: usize,
) -> bool {
    let n = value.chars().count();
    if (min..=max).contains(&n) {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid length for {name}"),
        format!("{name} must be {min} to {max} characters long; got {n} characters."),
        path,
    );
    false
}

/// `value` must be a whole number in `min..=max`.
pub fn whole_number(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: f64,
    min: i64,
    max: i64,
) -> bool {
    if value.fract() == 0.0 && value >= min as f64 && value <= max as f64 {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid value for {name}"),
        format!("{name} must be a whole number from {min} to {max}; got {value}."),
        path,
    );
    false
}

pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_attribute_and_limits() {
        let mut d = Diagnostics::default();
        assert!(!one_of(
            &mut d,
            AttributePath::new("status"),
            "status",
            "ON",
            &["ACTIVE", "INACTIVE"]
        ));
        assert!(!length(
            &mut d,
            AttributePath::new("name"),
            "name",
            "",
            1,
            255
        ));
        assert!(!whole_number(
            &mut d,
            AttributePath::new("priority"),
            "priority",
            1.5,
            0,
            100
        ));
        assert!(whole_number(
            &mut d,
            AttributePath::new("priority"),
            "priority",
            100.0,
            0,
            100
        ));
        let text: Vec<String> = d.errors.iter().map(|e| e.detail.to_string()).collect();
        assert_eq!(
            text[0],
            "status must be one of \"ACTIVE\" or \"INACTIVE\"; got \"ON\"."
        );
        assert_eq!(
            text[1],
            "name must be 1 to 255 characters long; got 0 characters."
        );
        assert_eq!(
            text[2],
            "priority must be a whole number from 0 to 100; got 1.5."
        );
    }
}
