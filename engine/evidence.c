/* SPDX-License-Identifier: BSD-3-Clause */
/* evidence.c -- storage and accessors of a domain's evidence (see evidence.h).
 */
#include "engine/evidence.h"

#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
th_qflavor_name(enum th_qflavor f)
{
	static const char *const names[TH_QF__COUNT] = {
	    [TH_QF_PLAIN] = "plain",
	    [TH_QF_TCP] = "tcp",
	    [TH_QF_EDNS] = "edns",
	    [TH_QF_DNSSEC] = "do",
	    [TH_QF_RD] = "rd",
	    [TH_QF_EDNS1] = "edns1",
	    [TH_QF_EDNSOPT] = "edns-opt137",
	    [TH_QF_EDNSZ] = "edns-z3",
	    [TH_QF_DO512] = "edns@512",
	    [TH_QF_CASE1] = "case1",
	    [TH_QF_CASE2] = "case2",
	    [TH_QF_CHAOS] = "chaos",
	    [TH_QF_FD_EDNSOPT] = "ednsopt",
	    [TH_QF_FD_EDNS1OPT] = "edns1opt",
	    [TH_QF_FD_EDNSFLAGS] = "ednsflags",
	    [TH_QF_FD_OPTLIST] = "optlist",
	    [TH_QF_FD_EDNSTCP] = "ednstcp",
	};

	return (unsigned)f < TH_QF__COUNT && names[f] != NULL ? names[f] : "?";
}

void
th_qflavor_case(enum th_qflavor f, const struct th_dname *in,
                struct th_dname *out)
{
	bool upper = f == TH_QF_CASE1;

	*out = *in;
	for (size_t i = 0; i < out->len && out->wire[i] != 0;) {
		size_t n = out->wire[i++];

		for (size_t k = 0; k < n; k++, i++) {
			uint8_t c = out->wire[i];

			if ((c | 0x20) < 'a' || (c | 0x20) > 'z')
				continue;
			out->wire[i] =
			    upper ? (uint8_t)(c & ~0x20) : (c | 0x20);
			upper = !upper;
		}
	}
}

/* EDNS options of the flag day "optlist" probe, wire form. */
static void
add_optlist(struct th_query *q)
{
	/* ECS: family 1, source /0, scope 0, no address octets. */
	static const uint8_t ecs[] = {0, 1, 0, 0};
	/* A client cookie; fixed, as nothing here depends on its value. */
	static const uint8_t cookie[] = {0x74, 0x6c, 0x64, 0x68,
	                                 0x65, 0x61, 0x6c, 0x74};
	int rc = 0;

	rc |= th_query_add_option(q, 3, NULL, 0); /* NSID */
	rc |= th_query_add_option(q, 8, ecs, sizeof(ecs));
	rc |= th_query_add_option(q, 9, NULL, 0); /* EXPIRE */
	rc |= th_query_add_option(q, 10, cookie, sizeof(cookie));
	(void)rc; /* 24 octets: always fits */
}

void
th_qflavor_query(enum th_qflavor f, const struct th_dname *qname,
                 uint16_t qtype, struct th_query *q, enum th_proto *proto)
{
	int rc = 0;

	th_query_init(q, qname, qtype);
	*proto = TH_PROTO_UDP;
	switch (f) {
	case TH_QF_TCP:
		*proto = TH_PROTO_TCP;
		break;
	case TH_QF_EDNS:
		th_query_set_edns(q, 512, 0, 0);
		break;
	case TH_QF_DNSSEC:
		th_query_set_edns(q, 1232, 0, TH_EDNS_DO);
		break;
	case TH_QF_RD:
		q->flags |= TH_MSG_RD;
		break;
	case TH_QF_EDNS1:
		th_query_set_edns(q, 512, 1, 0);
		break;
	case TH_QF_EDNSOPT:
		th_query_set_edns(q, 512, 0, 0);
		rc = th_query_add_option(q, 137, NULL, 0);
		break;
	case TH_QF_EDNSZ:
		th_query_set_edns(q, 512, 0, 3);
		break;
	case TH_QF_DO512:
		th_query_set_edns(q, 512, 0, TH_EDNS_DO);
		*proto = TH_PROTO_UDP_ONLY;
		break;
	case TH_QF_CASE1:
	case TH_QF_CASE2:
		th_qflavor_case(f, qname, &q->qname);
		break;
	case TH_QF_CHAOS:
		q->qclass = TH_CLASS_CH;
		break;
	case TH_QF_FD_EDNSOPT:
		th_query_set_edns(q, 1232, 0, 0);
		rc = th_query_add_option(q, 100, NULL, 0);
		break;
	case TH_QF_FD_EDNS1OPT:
		th_query_set_edns(q, 1232, 1, 0);
		rc = th_query_add_option(q, 100, NULL, 0);
		break;
	case TH_QF_FD_EDNSFLAGS:
		th_query_set_edns(q, 1232, 0, 0x0080);
		break;
	case TH_QF_FD_OPTLIST:
		th_query_set_edns(q, 1232, 0, 0);
		add_optlist(q);
		break;
	case TH_QF_FD_EDNSTCP:
		th_query_set_edns(q, 1232, 0, 0);
		*proto = TH_PROTO_TCP;
		break;
	default:
		break;
	}
	(void)rc; /* an empty option always fits */
}

void
th_ev_init(struct th_evidence *ev, const struct th_dname *domain)
{
	memset(ev, 0, sizeof(*ev));
	ev->domain = *domain;
	ev->ipv4 = ev->ipv6 = true;
	th_dname_set_root(&ev->parent);
	ev->parent_status = TH_RES_SERVFAIL;
}

void
th_ev_free(struct th_evidence *ev)
{
	for (size_t i = 0; i < ev->nreplies; i++)
		th_answer_unref(ev->replies[i].ans);
	for (size_t i = 0; i < ev->nlookups; i++)
		th_answer_unref(ev->lookups[i].ans);
	th_answer_unref(ev->referral);
	free(ev->replies);
	free(ev->lookups);
	ev->replies = NULL;
	ev->lookups = NULL;
	ev->nreplies = ev->areplies = ev->nlookups = ev->alookups = 0;
	ev->referral = NULL;
}

struct th_ev_ns *
th_ev_ns_find(const struct th_ev_nsset *set, const struct th_dname *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (th_dname_equal(&set->ns[i].name, name))
			return (struct th_ev_ns *)&set->ns[i];
	return NULL;
}

struct th_ev_ns *
th_ev_ns_add(struct th_ev_nsset *set, const struct th_dname *name, uint8_t src)
{
	struct th_ev_ns *ns = th_ev_ns_find(set, name);

	if (ns == NULL) {
		if (set->n == TH_EV_MAXNS)
			return NULL;
		ns = &set->ns[set->n++];
		memset(ns, 0, sizeof(*ns));
		ns->name = *name;
		th_dname_canonicalize(&ns->name);
		ns->addr_status = TH_RES_ANSWER;
	}
	ns->src |= src;
	return ns;
}

void
th_ev_ns_add_addr(struct th_ev_ns *ns, const struct th_addr *a)
{
	for (size_t i = 0; i < ns->naddr; i++)
		if (th_addr_equal(&ns->addr[i], a))
			return;
	if (ns->naddr < TH_EV_MAXADDR)
		ns->addr[ns->naddr++] = *a;
}

void
th_ev_ns_add_child_addr(struct th_ev_ns *ns, const struct th_addr *a)
{
	for (size_t i = 0; i < ns->nchild; i++)
		if (th_addr_equal(&ns->child_addr[i], a))
			return;
	if (ns->nchild < TH_EV_MAXADDR)
		ns->child_addr[ns->nchild++] = *a;
}

int
th_ev_add_reply(struct th_evidence *ev, const struct th_addr *server,
                enum th_qflavor f, const struct th_dname *qname, uint16_t qtype,
                const struct th_answer *ans)
{
	struct th_ev_reply *r;

	if (ev->nreplies == ev->areplies) {
		size_t n = ev->areplies ? ev->areplies * 2 : 64;
		struct th_ev_reply *p = realloc(ev->replies, n * sizeof(*p));

		if (p == NULL)
			return TH_ENOMEM;
		ev->replies = p;
		ev->areplies = n;
	}
	r = &ev->replies[ev->nreplies++];
	r->server = *server;
	r->qname = *qname;
	r->qtype = qtype;
	r->flavor = (uint8_t)f;
	r->ans = ans;
	if (ans != NULL)
		th_answer_ref(ans);
	return 0;
}

const struct th_answer *
th_ev_reply(const struct th_evidence *ev, const struct th_addr *server,
            enum th_qflavor f, const struct th_dname *qname, uint16_t qtype)
{
	for (size_t i = 0; i < ev->nreplies; i++) {
		const struct th_ev_reply *r = &ev->replies[i];

		if (r->flavor == f && r->qtype == qtype &&
		    th_addr_equal(&r->server, server) &&
		    th_dname_equal(&r->qname, qname))
			return r->ans;
	}
	return NULL;
}

int
th_ev_add_lookup(struct th_evidence *ev, const struct th_dname *qname,
                 uint16_t qtype, const struct th_res_result *res)
{
	struct th_ev_lookup *l;

	if (ev->nlookups == ev->alookups) {
		size_t n = ev->alookups ? ev->alookups * 2 : 16;
		struct th_ev_lookup *p = realloc(ev->lookups, n * sizeof(*p));

		if (p == NULL)
			return TH_ENOMEM;
		ev->lookups = p;
		ev->alookups = n;
	}
	l = &ev->lookups[ev->nlookups++];
	memset(l, 0, sizeof(*l));
	l->qname = *qname;
	l->qtype = qtype;
	l->status = (uint8_t)res->status;
	l->cnames = res->cnames;
	l->final = res->qname;
	l->ans = res->answer;
	if (l->ans != NULL)
		th_answer_ref(l->ans);
	for (size_t i = 0; i < res->naddrs && l->naddr < TH_EV_MAXADDR; i++)
		l->addr[l->naddr++] = res->addrs[i];
	return 0;
}

const struct th_ev_lookup *
th_ev_lookup(const struct th_evidence *ev, const struct th_dname *qname,
             uint16_t qtype)
{
	for (size_t i = 0; i < ev->nlookups; i++)
		if (ev->lookups[i].qtype == qtype &&
		    th_dname_equal(&ev->lookups[i].qname, qname))
			return &ev->lookups[i];
	return NULL;
}

static bool
family_used(const struct th_evidence *ev, const struct th_addr *a)
{
	return a->family == TH_AF_INET6 ? ev->ipv6 : ev->ipv4;
}

size_t
th_ev_pairs(const struct th_evidence *ev, uint8_t src, enum th_ev_family fam,
            struct th_ev_ip *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < ev->ns.n; i++) {
		const struct th_ev_ns *ns = &ev->ns.ns[i];

		size_t nall = ns->naddr;
		struct th_addr all[2 * TH_EV_MAXADDR];

		if (!(ns->src & src))
			continue;
		memcpy(all, ns->addr, ns->naddr * sizeof(all[0]));
		for (size_t c = 0; (src & TH_EV_CHILD) && c < ns->nchild; c++) {
			bool dup = false;

			for (size_t a = 0; a < ns->naddr && !dup; a++)
				dup = th_addr_equal(&ns->addr[a],
				                    &ns->child_addr[c]);
			if (!dup)
				all[nall++] = ns->child_addr[c];
		}
		for (size_t a = 0; a < nall && n < max; a++) {
			if (fam != TH_EV_FAM_ANY &&
			    family_used(ev, &all[a]) != (fam == TH_EV_FAM_USED))
				continue;
			out[n].ns = ns;
			out[n].addr = all[a];
			n++;
		}
	}
	return n;
}

size_t
th_ev_ips(const struct th_evidence *ev, uint8_t src, struct th_ev_ip *out,
          size_t max)
{
	return th_ev_pairs(ev, src, TH_EV_FAM_USED, out, max);
}

size_t
th_ev_addrs(const struct th_evidence *ev, uint8_t src, struct th_addr *out,
            size_t max)
{
	struct th_ev_ip ips[TH_EV_MAXNS * TH_EV_MAXADDR];
	size_t nips = th_ev_ips(ev, src, ips, TH_EV_MAXNS * TH_EV_MAXADDR);
	size_t n = 0;

	for (size_t i = 0; i < nips && n < max; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = th_addr_equal(&out[j], &ips[i].addr);
		if (!dup)
			out[n++] = ips[i].addr;
	}
	return n;
}

size_t
th_ev_disabled_ips(const struct th_evidence *ev, struct th_ev_ip *out,
                   size_t max)
{
	return th_ev_pairs(ev, TH_EV_DEL | TH_EV_CHILD, TH_EV_FAM_UNUSED, out,
	                   max);
}

bool
th_ev_reply_msg(const struct th_answer *a, struct th_msg *m)
{
	return a != NULL && a->outcome == TH_OUT_ANSWER &&
	       th_msg_parse(m, a->wire, a->len, NULL) == 0;
}

void
th_ev_ns_str(const struct th_dname *name, const struct th_addr *a, char *dst,
             size_t size)
{
	char n[TH_DNAME_STRLEN], ip[TH_ADDR_STRLEN];

	if (th_dname_to_str(name, n, sizeof(n)) != 0)
		n[0] = '\0';
	/* Zonemaster prints names without the final dot. */
	if (n[0] != '\0' && n[1] != '\0' && n[strlen(n) - 1] == '.')
		n[strlen(n) - 1] = '\0';
	if (a == NULL || th_addr_ip_str(a, ip, sizeof(ip)) != 0) {
		snprintf(dst, size, "%s", n);
		return;
	}
	snprintf(dst, size, "%s/%s", n, ip);
}

struct th_answer *
th_ev_make_answer(enum th_outcome o, const uint8_t *wire, size_t len)
{
	struct th_answer *a = malloc(sizeof(*a) + len);
	struct th_msg m;

	if (a == NULL)
		return NULL;
	memset(a, 0, sizeof(*a));
	a->refs = 1;
	a->outcome = (uint8_t)o;
	a->tries = 1;
	a->len = (uint32_t)len;
	a->nmsg = len > 0;
	if (len > 0)
		memcpy(a->wire, wire, len);
	if (o == TH_OUT_ANSWER && th_msg_parse(&m, a->wire, len, NULL) == 0)
		a->rcode = m.rcode;
	return a;
}
