/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syntax.c -- SYNTAX01-08 over the evidence (see syntax.h and the
 * catalogue, section 2.8).
 *
 * Labels are checked in wire form, so an escaped dot inside a label is
 * an octet like any other (and not LDH). The host name checks live in
 * one place, check_host(), for NS names, MNAME and MX exchanges alike.
 */
#include "engine/syntax.h"

#include "common/buf.h"
#include "common/msg.h"
#include "engine/strlist.h"

#include <stdio.h>
#include <string.h>

#define IPS_MAX (TH_EV_MAXNS * 2 * TH_EV_MAXADDR)
#define NS_STRLEN (TH_DNAME_STRLEN + TH_ADDR_STRLEN)
/* Distinct RNAMEs (SYNTAX06) and MX exchanges (SYNTAX08) kept. */
#define RNAME_MAX 8
#define MX_MAX 64
/* Local part (63 octets as \DDD), "@", domain. */
#define BOX_STRLEN (4 * TH_DNAME_MAXLABEL + 1 + TH_DNAME_STRLEN)

static bool
is_alnum(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

bool
th_syntax_label_ldh(const uint8_t *label, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(label[i]) && label[i] != '-')
			return false;
	return true;
}

bool
th_syntax_label_double_dash(const uint8_t *label, size_t len)
{
	/* IDN A-labels ("xn--") are exempt, whatever their case. */
	return len >= 4 && label[2] == '-' && label[3] == '-' &&
	       !((label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n');
}

static bool
label_numeric(const uint8_t *label, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (label[i] < '0' || label[i] > '9')
			return false;
	return len > 0;
}

/* Offset of the last label of name (the root: 0, the zero label). */
static size_t
last_label(const struct th_dname *name)
{
	size_t at = 0, last = 0;

	while (name->wire[at] != 0) {
		last = at;
		at += 1u + name->wire[at];
	}
	return last;
}

unsigned
th_syntax_hostname(const struct th_dname *name)
{
	const uint8_t *w = name->wire;
	unsigned bad = 0;
	size_t tld;

	for (size_t at = 0; w[at] != 0; at += 1u + w[at])
		if (!th_syntax_label_ldh(w + at + 1, w[at]))
			return TH_SYNTAX_HOST_BAD_CHARS;
	tld = last_label(name);
	if (label_numeric(w + tld + 1, w[tld]))
		bad |= TH_SYNTAX_HOST_NUMERIC_TLD;
	for (size_t at = 0; w[at] != 0; at += 1u + w[at])
		if (th_syntax_label_double_dash(w + at + 1, w[at]))
			bad |= TH_SYNTAX_HOST_DOUBLE_DASH;
	return bad;
}

/* One label as presentation text (escaped as th_dname_to_str does). */
static void
label_str(const uint8_t *label, char *dst, size_t size)
{
	struct th_dname one;
	size_t len;

	one.len = (uint8_t)(label[0] + 2);
	memcpy(one.wire, label, label[0] + 1u);
	one.wire[label[0] + 1] = 0;
	if (th_dname_to_str(&one, dst, size) != 0) {
		dst[0] = '\0';
		return;
	}
	len = strlen(dst);
	if (len > 0)
		dst[len - 1] = '\0'; /* the final dot */
}

static void
domain_str(const struct th_evidence *ev, char *dst, size_t size)
{
	th_ev_ns_str(&ev->domain, NULL, dst, size);
}

/* ---- SYNTAX01-03: the domain's own labels -------------------------------- */

void
th_syntax01(const struct th_engine_ctx *ctx)
{
	const uint8_t *w = ctx->ev->domain.wire;
	char dom[TH_DNAME_STRLEN];
	bool ok = true;

	for (size_t at = 0; w[at] != 0 && ok; at += 1u + w[at])
		ok = th_syntax_label_ldh(w + at + 1, w[at]);
	domain_str(ctx->ev, dom, sizeof(dom));
	th_report_emit(ctx->rep,
	               ok ? TH_TAG_SYNTAX01_ONLY_ALLOWED_CHARS
	                  : TH_TAG_SYNTAX01_NON_ALLOWED_CHARS,
	               "domain", dom, NULL);
}

void
th_syntax02(const struct th_engine_ctx *ctx)
{
	const uint8_t *w = ctx->ev->domain.wire;
	char dom[TH_DNAME_STRLEN], label[TH_DNAME_STRLEN];
	bool any = false;

	domain_str(ctx->ev, dom, sizeof(dom));
	for (size_t at = 0; w[at] != 0; at += 1u + w[at]) {
		label_str(w + at, label, sizeof(label));
		if (w[at + 1] == '-') {
			th_report_emit(ctx->rep, TH_TAG_SYNTAX02_INITIAL_HYPHEN,
			               "label", label, "domain", dom, NULL);
			any = true;
		}
		if (w[at + w[at]] == '-') {
			th_report_emit(ctx->rep,
			               TH_TAG_SYNTAX02_TERMINAL_HYPHEN, "label",
			               label, "domain", dom, NULL);
			any = true;
		}
	}
	if (!any)
		th_report_emit(ctx->rep, TH_TAG_SYNTAX02_NO_ENDING_HYPHENS,
		               "domain", dom, NULL);
}

void
th_syntax03(const struct th_engine_ctx *ctx)
{
	const uint8_t *w = ctx->ev->domain.wire;
	char dom[TH_DNAME_STRLEN], label[TH_DNAME_STRLEN];
	bool any = false;

	domain_str(ctx->ev, dom, sizeof(dom));
	for (size_t at = 0; w[at] != 0; at += 1u + w[at]) {
		if (!th_syntax_label_double_dash(w + at + 1, w[at]))
			continue;
		label_str(w + at, label, sizeof(label));
		th_report_emit(ctx->rep,
		               TH_TAG_SYNTAX03_DISCOURAGED_DOUBLE_DASH, "label",
		               label, "domain", dom, NULL);
		any = true;
	}
	if (!any)
		th_report_emit(ctx->rep, TH_TAG_SYNTAX03_NO_DOUBLE_DASH,
		               "domain", dom, NULL);
}

/* ---- host names: SYNTAX04, 07, 08 --------------------------------------- */

struct host_tags {
	enum th_tag bad_chars, numeric_tld, double_dash, ok;
	const char *key; /* the argument that names the host */
};

/* Check one host name and report what is wrong, or that it is valid. */
static void
check_host(const struct th_engine_ctx *ctx, const struct th_dname *name,
           const struct host_tags *t)
{
	unsigned bad = th_syntax_hostname(name);
	const uint8_t *w = name->wire;
	char host[TH_DNAME_STRLEN], label[TH_DNAME_STRLEN];

	th_ev_ns_str(name, NULL, host, sizeof(host));
	if (bad == 0) {
		th_report_emit(ctx->rep, t->ok, t->key, host, NULL);
		return;
	}
	if (bad & TH_SYNTAX_HOST_BAD_CHARS) {
		th_report_emit(ctx->rep, t->bad_chars, t->key, host, NULL);
		return;
	}
	if (bad & TH_SYNTAX_HOST_NUMERIC_TLD)
		th_report_emit(ctx->rep, t->numeric_tld, t->key, host, NULL);
	/* One message per offending label, as Zonemaster does. */
	for (size_t at = 0; w[at] != 0; at += 1u + w[at]) {
		if (!th_syntax_label_double_dash(w + at + 1, w[at]))
			continue;
		label_str(w + at, label, sizeof(label));
		th_report_emit(ctx->rep, t->double_dash, "label", label, t->key,
		               host, NULL);
	}
}

void
th_syntax04(const struct th_engine_ctx *ctx)
{
	static const struct host_tags t = {
	    TH_TAG_SYNTAX04_NAMESERVER_NON_ALLOWED_CHARS,
	    TH_TAG_SYNTAX04_NAMESERVER_NUMERIC_TLD,
	    TH_TAG_SYNTAX04_NAMESERVER_DISCOURAGED_DOUBLE_DASH,
	    TH_TAG_SYNTAX04_NAMESERVER_SYNTAX_OK,
	    "nsname",
	};
	const struct th_ev_nsset *set = &ctx->ev->ns;

	for (size_t i = 0; i < set->n; i++)
		if (set->ns[i].src & (TH_EV_DEL | TH_EV_CHILD))
			check_host(ctx, &set->ns[i].name, &t);
}

/* ---- the SOA: SYNTAX05-07 ----------------------------------------------- */

/* The SOA of the domain in a reply's answer section, or false. */
static bool
reply_soa(const struct th_evidence *ev, const struct th_addr *ip,
          struct th_soa *soa, bool *answered)
{
	struct th_msg m;
	struct th_msg_iter it;
	struct th_rr rr;

	*answered = th_ev_reply_msg(
	    th_ev_reply(ev, ip, TH_QF_PLAIN, &ev->domain, TH_T_SOA), &m);
	if (!*answered)
		return false;
	th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
	while (th_msg_iter_next(&it, &rr))
		if (rr.type == TH_T_SOA &&
		    th_dname_equal(&rr.owner, &ev->domain) &&
		    th_msg_soa(&m, &rr, soa) == 0)
			return true;
	return false;
}

/* The SOA from the first NS IP that answered with it (th_ev_ips order). */
static bool
first_soa(const struct th_evidence *ev, struct th_soa *soa)
{
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	bool answered;

	for (size_t i = 0; i < nips; i++)
		if (reply_soa(ev, &ips[i].addr, soa, &answered))
			return true;
	return false;
}

void
th_syntax05(const struct th_engine_ctx *ctx)
{
	struct th_soa soa;
	char dom[TH_DNAME_STRLEN], rname[TH_DNAME_STRLEN];

	domain_str(ctx->ev, dom, sizeof(dom));
	if (!first_soa(ctx->ev, &soa)) {
		th_report_emit(ctx->rep, TH_TAG_SYNTAX05_NO_RESPONSE_SOA_QUERY,
		               "domain", dom, NULL);
		return;
	}
	th_ev_ns_str(&soa.rname, NULL, rname, sizeof(rname));
	/* In wire form an "@" is an octet of some label. */
	th_report_emit(ctx->rep,
	               memchr(soa.rname.wire, '@', soa.rname.len) != NULL
	                   ? TH_TAG_SYNTAX05_RNAME_MISUSED_AT_SIGN
	                   : TH_TAG_SYNTAX05_RNAME_NO_AT_SIGN,
	               "rname", rname, "domain", dom, NULL);
}

void
th_syntax07(const struct th_engine_ctx *ctx)
{
	static const struct host_tags t = {
	    TH_TAG_SYNTAX07_MNAME_NON_ALLOWED_CHARS,
	    TH_TAG_SYNTAX07_MNAME_NUMERIC_TLD,
	    TH_TAG_SYNTAX07_MNAME_DISCOURAGED_DOUBLE_DASH,
	    TH_TAG_SYNTAX07_MNAME_SYNTAX_OK,
	    "mname",
	};
	struct th_soa soa;
	char dom[TH_DNAME_STRLEN];

	if (!first_soa(ctx->ev, &soa)) {
		domain_str(ctx->ev, dom, sizeof(dom));
		th_report_emit(ctx->rep, TH_TAG_SYNTAX07_NO_RESPONSE_SOA_QUERY,
		               "domain", dom, NULL);
		return;
	}
	check_host(ctx, &soa.mname, &t);
}

/*
 * RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~. A dot-atom is
 * atoms of atext joined by single dots. Simplifications against
 * Email::Valid (which Zonemaster uses): no quoted-string local parts, no
 * comments or folding white space, no domain literals; the mail domain
 * must look like a host name (its fqdn option).
 */
static bool
is_atext(uint8_t c)
{
	return is_alnum(c) || (c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

static bool
dot_atom(const uint8_t *s, size_t len)
{
	bool atom = false; /* inside an atom */

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (!atom)
				return false; /* leading or double dot */
			atom = false;
		} else if (is_atext(s[i])) {
			atom = true;
		} else {
			return false;
		}
	}
	return atom; /* not empty, no trailing dot */
}

static bool
mail_domain_ok(const struct th_dname *d)
{
	const uint8_t *w = d->wire;

	if (th_dname_labels(d) < 2)
		return false;
	for (size_t at = 0; w[at] != 0; at += 1u + w[at])
		if (!th_syntax_label_ldh(w + at + 1, w[at]) ||
		    w[at + 1] == '-' || w[at + w[at]] == '-')
			return false;
	return true;
}

bool
th_syntax_rname_mailbox(const struct th_dname *rname, char *box, size_t size,
                        struct th_dname *domain)
{
	const uint8_t *w = rname->wire;
	char dstr[TH_DNAME_STRLEN];
	size_t n = 0;
	bool valid;

	if (size == 0)
		return false;
	if (th_dname_is_root(rname)) {
		th_dname_set_root(domain);
		box[0] = '\0';
		return false;
	}
	if (th_dname_parent(domain, rname) != 0)
		th_dname_set_root(domain);
	valid = dot_atom(w + 1, w[0]) && mail_domain_ok(domain);
	/* The local part as it is: its dots are no longer escaped. */
	for (size_t i = 1; i <= w[0] && n + 5 < size; i++) {
		if (w[i] > 0x20 && w[i] < 0x7f)
			box[n++] = (char)w[i];
		else
			n += (size_t)snprintf(box + n, size - n, "\\%03u",
			                      (unsigned)w[i]);
	}
	box[n] = '\0';
	th_ev_ns_str(domain, NULL, dstr, sizeof(dstr));
	if (!th_dname_is_root(domain))
		snprintf(box + n, size - n, "@%s", dstr);
	return valid;
}

/* One distinct RNAME and the servers that gave it. */
struct rname_seen {
	struct th_dname rname;
	struct th_buf ns_list;
};

/* Report one mail target: valid or why not (SYNTAX06). */
static bool
mail_target_ok(const struct th_engine_ctx *ctx, const struct th_dname *target,
               bool cname_ok, const char *box, const char *ns_list)
{
	const struct th_ev_lookup *l = th_ev_lookup(ctx->ev, target, 0);
	char host[TH_DNAME_STRLEN];
	bool any = false, local = false;

	if (l == NULL && !th_dname_is_root(target))
		return false; /* never looked up: no verdict */
	th_ev_ns_str(target, NULL, host, sizeof(host));
	if (l != NULL && l->cnames > 0 && !cname_ok) {
		th_report_emit(
		    ctx->rep, TH_TAG_SYNTAX06_RNAME_MAIL_ILLEGAL_CNAME,
		    "mailtarget", host, "rname", box, "ns_list", ns_list, NULL);
	} else if (l != NULL && l->status == TH_RES_ANSWER) {
		for (size_t i = 0; i < l->naddr; i++) {
			if (th_addr_is_localhost(&l->addr[i]))
				local = true;
			else
				any = true;
		}
		if (any)
			return true;
		if (local)
			th_report_emit(
			    ctx->rep,
			    TH_TAG_SYNTAX06_RNAME_MAIL_DOMAIN_LOCALHOST,
			    "mailtarget", host, "rname", box, "ns_list",
			    ns_list, NULL);
	}
	/* The root (a null MX, RFC 7505) takes no mail either. */
	th_report_emit(ctx->rep, TH_TAG_SYNTAX06_RNAME_MAIL_DOMAIN_INVALID,
	               "mailtarget", host, "rname", box, "ns_list", ns_list,
	               NULL);
	return false;
}

static void
check_rname(const struct th_engine_ctx *ctx, const struct rname_seen *r)
{
	const struct th_evidence *ev = ctx->ev;
	const char *ns_list = th_buf_str(&r->ns_list);
	char box[BOX_STRLEN], dom[TH_DNAME_STRLEN], host[TH_DNAME_STRLEN];
	struct th_dname mdom, targets[MX_MAX];
	const struct th_ev_lookup *mx;
	size_t ntargets = 0;
	bool valid = false;

	domain_str(ev, dom, sizeof(dom));
	if (!th_syntax_rname_mailbox(&r->rname, box, sizeof(box), &mdom)) {
		th_report_emit(ctx->rep, TH_TAG_SYNTAX06_RNAME_RFC822_INVALID,
		               "rname", box, "ns_list", ns_list, "domain", dom,
		               NULL);
		return;
	}
	mx = th_ev_lookup(ev, &mdom, TH_T_MX);
	if (mx == NULL)
		return; /* never looked up: no verdict */
	if (mx->status == TH_RES_ANSWER && mx->ans != NULL) {
		const struct th_dname *owner =
		    mx->final.len > 0 ? &mx->final : &mdom;
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;

		if (th_ev_reply_msg(mx->ans, &m)) {
			th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
			while (ntargets < MX_MAX && th_msg_iter_next(&it, &rr))
				if (rr.type == TH_T_MX &&
				    th_dname_equal(&rr.owner, owner) &&
				    th_msg_rdata_name(&m, &rr, 2,
				                      &targets[ntargets],
				                      NULL) == 0)
					ntargets++;
		}
	} else if (mx->status != TH_RES_NODATA) {
		th_ev_ns_str(&mdom, NULL, host, sizeof(host));
		th_report_emit(
		    ctx->rep, TH_TAG_SYNTAX06_RNAME_MAIL_DOMAIN_INVALID,
		    "mailtarget", host, "rname", box, "ns_list", ns_list, NULL);
		return;
	}
	if (ntargets == 0) {
		/* No MX: mail goes to the domain's own addresses. Its CNAMEs
		 * are the chain the MX lookup followed, which Zonemaster
		 * accepts; only MX exchanges must not be aliases. */
		valid = mail_target_ok(ctx, &mdom, true, box, ns_list);
	} else {
		for (size_t i = 0; i < ntargets; i++)
			valid |= mail_target_ok(ctx, &targets[i], false, box,
			                        ns_list);
	}
	if (valid)
		th_report_emit(ctx->rep, TH_TAG_SYNTAX06_RNAME_RFC822_VALID,
		               "rname", box, "ns_list", ns_list, "domain", dom,
		               NULL);
}

void
th_syntax06(const struct th_engine_ctx *ctx)
{
	const struct th_evidence *ev = ctx->ev;
	struct th_ev_ip ips[IPS_MAX];
	size_t nips = th_ev_ips(ev, TH_EV_DEL | TH_EV_CHILD, ips, IPS_MAX);
	struct rname_seen seen[RNAME_MAX];
	size_t nseen = 0;
	char ns[NS_STRLEN], dom[TH_DNAME_STRLEN];

	domain_str(ev, dom, sizeof(dom));
	for (size_t i = 0; i < nips; i++) {
		struct th_soa soa;
		bool answered;
		size_t k;

		if (th_ev_reply(ev, &ips[i].addr, TH_QF_PLAIN, &ev->domain,
		                TH_T_SOA) == NULL)
			continue; /* never asked */
		th_ev_ns_str(&ips[i].ns->name, &ips[i].addr, ns, sizeof(ns));
		if (!reply_soa(ev, &ips[i].addr, &soa, &answered)) {
			th_report_emit(
			    ctx->rep,
			    answered ? TH_TAG_SYNTAX06_NO_RESPONSE_SOA_QUERY
			             : TH_TAG_SYNTAX06_NO_RESPONSE,
			    "ns", ns, "domain", dom, NULL);
			continue;
		}
		/* Mailboxes are case-sensitive: compare octets. */
		for (k = 0; k < nseen; k++)
			if (seen[k].rname.len == soa.rname.len &&
			    memcmp(seen[k].rname.wire, soa.rname.wire,
			           soa.rname.len) == 0)
				break;
		if (k == nseen) {
			if (nseen == RNAME_MAX)
				continue;
			seen[nseen].rname = soa.rname;
			th_buf_init(&seen[nseen].ns_list, 1 << 16);
			nseen++;
		}
		th_strlist_cat(&seen[k].ns_list, ns);
	}
	for (size_t k = 0; k < nseen; k++) {
		check_rname(ctx, &seen[k]);
		th_buf_free(&seen[k].ns_list);
	}
}

/* ---- SYNTAX08 ------------------------------------------------------------ */

void
th_syntax08(const struct th_engine_ctx *ctx)
{
	static const struct host_tags t = {
	    TH_TAG_SYNTAX08_MX_NON_ALLOWED_CHARS,
	    TH_TAG_SYNTAX08_MX_NUMERIC_TLD,
	    TH_TAG_SYNTAX08_MX_DISCOURAGED_DOUBLE_DASH,
	    TH_TAG_SYNTAX08_MX_SYNTAX_OK,
	    "mailtarget",
	};
	const struct th_evidence *ev = ctx->ev;
	struct th_addr addrs[IPS_MAX];
	size_t naddrs =
	    th_ev_addrs(ev, TH_EV_DEL | TH_EV_CHILD, addrs, IPS_MAX);
	struct th_dname mx[MX_MAX];
	size_t nmx = 0;
	bool asked = false, answered = false;
	char dom[TH_DNAME_STRLEN];

	for (size_t i = 0; i < naddrs; i++) {
		const struct th_answer *a = th_ev_reply(
		    ev, &addrs[i], TH_QF_PLAIN, &ev->domain, TH_T_MX);
		struct th_msg m;
		struct th_msg_iter it;
		struct th_rr rr;

		asked |= a != NULL;
		if (!th_ev_reply_msg(a, &m))
			continue;
		answered = true;
		if (m.rcode != TH_RCODE_NOERROR)
			continue;
		th_msg_iter_init(&it, &m, TH_SEC_ANSWER);
		while (nmx < MX_MAX && th_msg_iter_next(&it, &rr)) {
			bool dup = false;

			if (rr.type != TH_T_MX ||
			    !th_dname_equal(&rr.owner, &ev->domain) ||
			    th_msg_rdata_name(&m, &rr, 2, &mx[nmx], NULL) != 0)
				continue;
			for (size_t k = 0; k < nmx && !dup; k++)
				dup = th_dname_equal(&mx[k], &mx[nmx]);
			if (!dup)
				nmx++;
		}
	}
	if (asked && !answered) {
		domain_str(ev, dom, sizeof(dom));
		th_report_emit(ctx->rep, TH_TAG_SYNTAX08_NO_RESPONSE_MX_QUERY,
		               "domain", dom, NULL);
		return;
	}
	for (size_t i = 0; i < nmx; i++)
		check_host(ctx, &mx[i], &t);
}

/* The loop below indexes the test cases from SYNTAX01. */
_Static_assert(TH_TC_SYNTAX08 - TH_TC_SYNTAX01 == 7,
               "SYNTAX01-08 are consecutive");

void
th_syntax_run(const struct th_engine_ctx *ctx)
{
	static void (*const tcs[])(const struct th_engine_ctx *) = {
	    th_syntax01, th_syntax02, th_syntax03, th_syntax04,
	    th_syntax05, th_syntax06, th_syntax07, th_syntax08,
	};
	const bool *on = ctx->conf->profile->enabled;

	for (size_t i = 0; i < sizeof(tcs) / sizeof(tcs[0]); i++)
		if (on[TH_TC_SYNTAX01 + i])
			tcs[i](ctx);
}
