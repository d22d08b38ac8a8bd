"""The domain: rules about claims, speakers, sources and verdicts. Functions take a session and
never commit; the caller (one HTTP request, one CLI command) owns the transaction."""
