/* SPDX-License-Identifier: BSD-3-Clause */
/* zonefix.c -- zone files to wire-format views through ldns, for tests. */
#include "tests/support/zonefix.h"

#include <dirent.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
zonefix_init(struct zonefix *z)
{
	z->rr = NULL;
	z->n = z->cap = 0;
}

void
zonefix_free(struct zonefix *z)
{
	for (size_t i = 0; i < z->n; i++)
		free(z->rr[i].rdata);
	free(z->rr);
	zonefix_init(z);
}

/* Copy one ldns record in: owner and RDATA in wire form, case kept. */
static int
push(struct zonefix *z, const ldns_rr *rr)
{
	const ldns_rdf *owner = ldns_rr_owner(rr);
	struct zonefix_rr *out;
	ldns_buffer *buf;
	size_t len;

	if (z->n == z->cap) {
		size_t cap = z->cap ? z->cap * 2 : 64;
		struct zonefix_rr *p = realloc(z->rr, cap * sizeof(*p));

		if (p == NULL)
			return -1;
		z->rr = p;
		z->cap = cap;
	}
	out = &z->rr[z->n];
	if (th_dname_from_wire(&out->owner, ldns_rdf_data(owner),
	                       ldns_rdf_size(owner), NULL) != 0)
		return -1;
	out->type = (uint16_t)ldns_rr_get_type(rr);
	out->rclass = (uint16_t)ldns_rr_get_class(rr);
	out->ttl = ldns_rr_ttl(rr);
	if ((buf = ldns_buffer_new(512)) == NULL)
		return -1;
	/* Not the _canonical variant: the engine must do that itself. */
	if (ldns_rr_rdata2buffer_wire(buf, rr) != LDNS_STATUS_OK ||
	    (len = ldns_buffer_position(buf)) > 65535 ||
	    (out->rdata = malloc(len > 0 ? len : 1)) == NULL) {
		ldns_buffer_free(buf);
		return -1;
	}
	memcpy(out->rdata, ldns_buffer_begin(buf), len);
	out->rdlen = (uint16_t)len;
	ldns_buffer_free(buf);
	z->n++;
	return 0;
}

int
zonefix_load(struct zonefix *z, const char *path, const char *origin)
{
	ldns_rdf *org = ldns_dname_new_frm_str(origin);
	ldns_zone *zone = NULL;
	ldns_status st;
	FILE *fp;
	int line = 0, rc = 0;

	if (org == NULL)
		return -1;
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "zonefix: cannot open %s\n", path);
		ldns_rdf_deep_free(org);
		return -1;
	}
	st = ldns_zone_new_frm_fp_l(&zone, fp, org, 3600, LDNS_RR_CLASS_IN,
	                            &line);
	fclose(fp);
	ldns_rdf_deep_free(org);
	if (st != LDNS_STATUS_OK) {
		fprintf(stderr, "zonefix: %s:%d: %s\n", path, line,
		        ldns_get_errorstr_by_id(st));
		return -1;
	}
	if (ldns_zone_soa(zone) != NULL)
		rc = push(z, ldns_zone_soa(zone));
	for (size_t i = 0; rc == 0 && i < ldns_zone_rr_count(zone); i++)
		rc = push(z, ldns_rr_list_rr(ldns_zone_rrs(zone), i));
	ldns_zone_deep_free(zone);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
zonefix_load_keys(struct zonefix *z, const char *dir, const char *origin,
                  uint16_t *tags, size_t cap)
{
	char *names[64], path[4096];
	size_t nn = 0, count = 0;
	struct dirent *de;
	DIR *d = opendir(dir);
	int rc = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && nn < 64) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == 'K' && l > 4 &&
		    strcmp(de->d_name + l - 4, ".key") == 0)
			names[nn++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(names[0]), name_cmp);
	for (size_t i = 0; i < nn; i++) {
		const char *plus = strrchr(names[i], '+');
		unsigned long tag;
		char *end;
		size_t before = z->n;

		if (rc != 0 || names[i] == NULL || plus == NULL) {
			rc = -1;
			continue;
		}
		/* The tag the tool computed, from the name it chose. */
		tag = strtoul(plus + 1, &end, 10);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (tag > 65535 || strcmp(end, ".key") != 0 ||
		    zonefix_load(z, path, origin) != 0 || z->n != before + 1 ||
		    z->rr[before].type != 48) {
			rc = -1;
			continue;
		}
		if (count < cap)
			tags[count] = (uint16_t)tag;
		count++;
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	return rc != 0 ? -1 : (int)count;
}

int
zonefix_add_str(struct zonefix *z, const char *text)
{
	ldns_rr *rr = NULL;
	int rc;

	if (ldns_rr_new_frm_str(&rr, text, 3600, NULL, NULL) !=
	    LDNS_STATUS_OK) {
		fprintf(stderr, "zonefix: cannot parse %s\n", text);
		return -1;
	}
	rc = push(z, rr);
	ldns_rr_free(rr);
	return rc;
}

void
zonefix_view(const struct zonefix_rr *rr, struct th_dsig_rr *out)
{
	out->owner = &rr->owner;
	out->type = rr->type;
	out->rclass = rr->rclass;
	out->ttl = rr->ttl;
	out->rdata = rr->rdata;
	out->rdlen = rr->rdlen;
	out->msg = NULL;
	out->msglen = 0;
}

size_t
zonefix_find(const struct zonefix *z, const struct th_dname *owner,
             uint16_t type, uint16_t covered, struct th_dsig_rr *out,
             size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < z->n; i++) {
		const struct zonefix_rr *r = &z->rr[i];

		if (r->type != type || !th_dname_equal(&r->owner, owner))
			continue;
		if (type == 46 && covered != 0 &&
		    (r->rdlen < 2 ||
		     ((unsigned)r->rdata[0] << 8 | r->rdata[1]) != covered))
			continue;
		if (n < cap)
			zonefix_view(r, &out[n]);
		n++;
	}
	return n;
}

const struct zonefix_set zonefix_sets[] = {
    {"ldns-5", 5, NULL, 0},         {"ldns-7", 7, "", 0},
    {"ldns-8", 8, "aabbccdd", 12},  {"ldns-10", 10, NULL, 0},
    {"ldns-13", 13, NULL, 0},       {"ldns-14", 14, NULL, 0},
    {"ldns-15", 15, NULL, 0},       {"ldns-16", 16, NULL, 0},
    {"bind-5", 5, NULL, 0},         {"bind-7", 7, "", 0},
    {"bind-8", 8, NULL, 0},         {"bind-10", 10, NULL, 0},
    {"bind-13", 13, "aabbccdd", 5}, {"bind-14", 14, NULL, 0},
    {"bind-15", 15, NULL, 0},       {"bind-16", 16, NULL, 0},
};
const size_t zonefix_nsets = sizeof(zonefix_sets) / sizeof(zonefix_sets[0]);

int
zonefix_set_load(const struct zonefix_set *s, struct zonefix_loaded *l)
{
	char path[512];
	int n;

	zonefix_init(&l->zone);
	zonefix_init(&l->keys);
	l->nkeys = 0;
	snprintf(path, sizeof(path), "%s/%s/signed.zone", ZONEFIX_DIR, s->name);
	if (zonefix_load(&l->zone, path, ZONEFIX_ORIGIN) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%s", ZONEFIX_DIR, s->name);
	n = zonefix_load_keys(&l->keys, path, ZONEFIX_ORIGIN, l->tags, 8);
	if (n < 0 || n > 8)
		return -1;
	l->nkeys = (size_t)n;
	return 0;
}

void
zonefix_loaded_free(struct zonefix_loaded *l)
{
	zonefix_free(&l->zone);
	zonefix_free(&l->keys);
	l->nkeys = 0;
}

const struct zonefix_rr *
zonefix_key(const struct zonefix_loaded *l, uint16_t tag)
{
	for (size_t i = 0; i < l->nkeys; i++)
		if (l->tags[i] == tag)
			return &l->keys.rr[i];
	return NULL;
}

char *
zonefix_lines(const char *path, const char *owner, const char *type,
              const char *covered)
{
	FILE *fp = fopen(path, "r");
	size_t cap = 1 << 16, len = 0;
	char line[4096], *out;

	if (fp == NULL)
		return NULL;
	if ((out = calloc(1, cap)) == NULL) {
		fclose(fp);
		return NULL;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		char o[256], t[32], cov[32] = "";

		if (sscanf(line, "%255s %*u IN %31s %31s", o, t, cov) < 2 ||
		    strcmp(o, owner) != 0 || strcmp(t, type) != 0 ||
		    (covered != NULL && strcmp(cov, covered) != 0))
			continue;
		/* No newline, and no ";{id = ...}" comment of ldns's. */
		line[strcspn(line, "\n;")] = '\0';
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
		                        len > 0 ? ";" : "", line);
		if (len >= cap)
			break;
	}
	fclose(fp);
	return out;
}
