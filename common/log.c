/* SPDX-License-Identifier: BSD-3-Clause */
/* log.c -- leveled, timestamped, escaped log lines on stderr (see log.h). */
#include "common/log.h"

#include "common/err.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/*
 * The logging sink: deliberately global (see CONTRIBUTING.md), written at
 * start-up only, so every module can log without carrying a handle.
 */
static enum th_log_level log_threshold = TH_LOG_INFO;
static char log_ident[64] = "tldhealth";

static const char *const log_names[] = {"error", "warn", "info", "debug"};

void
th_log_set_level(enum th_log_level level)
{
	log_threshold = level;
}

enum th_log_level
th_log_get_level(void)
{
	return log_threshold;
}

void
th_log_set_ident(const char *ident)
{
	snprintf(log_ident, sizeof(log_ident), "%s", ident);
}

int
th_log_level_parse(const char *text, enum th_log_level *out)
{
	static const struct {
		const char *name;
		enum th_log_level level;
	} names[] = {
	    {"error", TH_LOG_ERROR},  {"warn", TH_LOG_WARN},
	    {"warning", TH_LOG_WARN}, {"info", TH_LOG_INFO},
	    {"debug", TH_LOG_DEBUG},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(text, names[i].name) == 0) {
			*out = names[i].level;
			return 0;
		}
	}
	return TH_EINVAL;
}

/* Copy src to dst, writing control bytes as \xHH; returns bytes written. */
static int
log_escape(char *dst, int size, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	int n = 0;

	for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
		if (*s < 0x20 || *s == 0x7f) {
			if (n + 4 >= size)
				break;
			dst[n++] = '\\';
			dst[n++] = 'x';
			dst[n++] = hex[*s >> 4];
			dst[n++] = hex[*s & 15];
		} else {
			if (n + 1 >= size)
				break;
			dst[n++] = (char)*s;
		}
	}
	dst[n] = '\0';
	return n;
}

static int
log_vformat(char *buf, int size, enum th_log_level level, const char *fmt,
            va_list ap)
{
	char raw[2048];
	int n;

	if (level > TH_LOG_DEBUG)
		level = TH_LOG_DEBUG;
	vsnprintf(raw, sizeof(raw), fmt, ap);
	n = snprintf(buf, (size_t)size, "%s: ", log_names[level]);
	if (n >= size)
		return size - 1;
	return n + log_escape(buf + n, size - n, raw);
}

int
th_log_format(char *buf, int size, enum th_log_level level, const char *fmt,
              ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = log_vformat(buf, size, level, fmt, ap);
	va_end(ap);
	return n;
}

void
th_vlog(enum th_log_level level, const char *fmt, va_list ap)
{
	char line[4096];
	struct timespec ts;
	struct tm tm;

	if (level > log_threshold)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	log_vformat(line, sizeof(line), level, fmt, ap);
	/* One fprintf per line so lines of concurrent processes do not mix. */
	fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s[%ld] %s\n",
	        tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	        tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L, log_ident,
	        (long)getpid(), line);
}

void
th_log(enum th_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	th_vlog(level, fmt, ap);
	va_end(ap);
}
