/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * log.h -- leveled, timestamped log lines on stderr.
 *
 * One line per call: "2026-11-28T01:50:00.123Z ident[pid] level: text".
 * Control characters in the formatted text are written as \xHH, so a name
 * or string taken from the network can never drive the terminal. The
 * threshold and the ident are the process's logging sink: the one global
 * mutable state we allow (set once at start-up, read everywhere).
 */
#ifndef TH_LOG_H
#define TH_LOG_H

#include <stdarg.h>

enum th_log_level {
	TH_LOG_ERROR = 0,
	TH_LOG_WARN,
	TH_LOG_INFO,
	TH_LOG_DEBUG,
};

/* Lines above this level are dropped. Default: TH_LOG_INFO. */
void th_log_set_level(enum th_log_level level);
enum th_log_level th_log_get_level(void);

/*
 * Name shown before the pid, e.g. "tldhealth" or "tbrelay". The string is
 * copied (truncated to 63 bytes).
 */
void th_log_set_ident(const char *ident);

/*
 * Parse "error", "warn"/"warning", "info" or "debug" (case-insensitive).
 * @return 0 and *out set, or TH_EINVAL for anything else.
 */
int th_log_level_parse(const char *text, enum th_log_level *out);

/* Write one line if level passes the threshold. */
void th_log(enum th_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void th_vlog(enum th_log_level level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#define th_log_error(...) th_log(TH_LOG_ERROR, __VA_ARGS__)
#define th_log_warn(...) th_log(TH_LOG_WARN, __VA_ARGS__)
#define th_log_info(...) th_log(TH_LOG_INFO, __VA_ARGS__)
#define th_log_debug(...) th_log(TH_LOG_DEBUG, __VA_ARGS__)

/*
 * Format a log line into buf (no trailing newline), the way th_log would
 * write it, without the timestamp and ident. Exposed for tests.
 * @return the length written (truncated to size - 1).
 */
int th_log_format(char *buf, int size, enum th_log_level level, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));

#endif /* TH_LOG_H */
