/* SPDX-License-Identifier: BSD-3-Clause */
/* dnssec.c -- key pool, DS records and zone signing with ldns (see dnssec.h).
 */
#include "testbed/gen/dnssec.h"

#include "common/err.h"
#include "common/log.h"

#include <errno.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

/*
 * Shares among signed zones follow what registries report: ECDSA P-256
 * dominates, RSASHA256 is the large legacy group, Ed25519 grows, and the
 * rest are rare. RSA pools are small because RSA keys are slow to make.
 */
static const struct tbgen_alg_info algs[] = {
    {LDNS_RSASHA256, 2048, 180, 2, 1},
    {LDNS_RSASHA512, 2048, 20, 2, 1},
    {LDNS_ECDSAP256SHA256, 256, 620, 3, 3},
    {LDNS_ECDSAP384SHA384, 384, 20, 2, 2},
    {LDNS_ED25519, 256, 130, 3, 3},
    {LDNS_ED448, 456, 30, 2, 2},
};

#define N_ALGS (sizeof(algs) / sizeof(algs[0]))
#define POOL_MAX 3

struct tbgen_dnssec {
	ldns_key *ksk[N_ALGS][POOL_MAX];
	ldns_key *zsk[N_ALGS][POOL_MAX];
};

const struct tbgen_alg_info *
tbgen_dnssec_algs(size_t *n)
{
	*n = N_ALGS;
	return algs;
}

static int
alg_index(uint8_t alg)
{
	for (size_t i = 0; i < N_ALGS; i++)
		if (algs[i].alg == alg)
			return (int)i;
	return -1;
}

const struct tbgen_alg_info *
tbgen_dnssec_alg(uint8_t alg)
{
	int i = alg_index(alg);

	return i >= 0 ? &algs[i] : NULL;
}

int
tbgen_dnssec_new(struct tbgen_dnssec **out)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? 0 : TH_ENOMEM;
}

void
tbgen_dnssec_free(struct tbgen_dnssec *ks)
{
	if (ks == NULL)
		return;
	for (size_t a = 0; a < N_ALGS; a++) {
		for (size_t i = 0; i < POOL_MAX; i++) {
			/* ldns_key_deep_free() does not accept NULL. */
			if (ks->ksk[a][i] != NULL)
				ldns_key_deep_free(ks->ksk[a][i]);
			if (ks->zsk[a][i] != NULL)
				ldns_key_deep_free(ks->zsk[a][i]);
		}
	}
	free(ks);
}

/* The slot of a pool key, or NULL when out of the table. */
static ldns_key **
key_slot(struct tbgen_dnssec *ks, uint8_t alg, bool ksk, unsigned index)
{
	int a = alg_index(alg);

	if (a < 0 || index >= (ksk ? algs[a].nksk : algs[a].nzsk))
		return NULL;
	return ksk ? &ks->ksk[a][index] : &ks->zsk[a][index];
}

/* Point a key at a zone: the owner of its DNSKEY and of its signatures. */
static int
key_set_owner(ldns_key *k, const ldns_rdf *owner)
{
	ldns_rdf *copy = ldns_rdf_clone(owner);

	if (copy == NULL)
		return TH_ENOMEM;
	ldns_rdf_deep_free(ldns_key_pubkey_owner(k));
	ldns_key_set_pubkey_owner(k, copy);
	return 0;
}

int
tbgen_dnssec_prepare(struct tbgen_dnssec *ks, uint8_t alg, bool ksk,
                     unsigned index)
{
	ldns_key **slot = key_slot(ks, alg, ksk, index);
	const struct tbgen_alg_info *ai = tbgen_dnssec_alg(alg);
	ldns_rdf *root;
	ldns_rr *dnskey;
	ldns_key *k;

	if (slot == NULL)
		return TH_EINVAL;
	if (*slot != NULL)
		return 0;
	k = ldns_key_new_frm_algorithm((ldns_signing_algorithm)alg, ai->bits);
	if (k == NULL) {
		th_log_error("cannot generate a key of algorithm %u", alg);
		return TH_ECRYPTO;
	}
	/* The key tag depends on flags and public key only; compute it
	 * once, under any owner. */
	ldns_key_set_flags(k, ksk ? LDNS_KEY_ZONE_KEY | LDNS_KEY_SEP_KEY
	                          : LDNS_KEY_ZONE_KEY);
	root = ldns_dname_new_frm_str(".");
	if (root == NULL || key_set_owner(k, root) != 0) {
		ldns_rdf_deep_free(root);
		ldns_key_deep_free(k);
		return TH_ENOMEM;
	}
	ldns_rdf_deep_free(root);
	dnskey = ldns_key2rr(k);
	if (dnskey == NULL) {
		ldns_key_deep_free(k);
		return TH_ECRYPTO;
	}
	ldns_key_set_keytag(k, ldns_calc_keytag(dnskey));
	ldns_rr_free(dnskey);
	*slot = k;
	return 0;
}

/* A key's DNSKEY record under owner, with a TTL. */
static ldns_rr *
key_dnskey(ldns_key *k, const ldns_rdf *owner, uint32_t ttl)
{
	ldns_rr *rr;

	if (key_set_owner(k, owner) != 0)
		return NULL;
	rr = ldns_key2rr(k);
	if (rr != NULL)
		ldns_rr_set_ttl(rr, ttl);
	return rr;
}

/* Append one record in presentation format (no comments) to buf. */
static int
rr_append(const ldns_rr *rr, char *buf, size_t size, size_t *used)
{
	char *text = ldns_rr2str_fmt(ldns_output_format_nocomments, rr);
	size_t n;

	if (text == NULL)
		return TH_ENOMEM;
	n = strlen(text);
	if (*used + n + 1 > size) {
		free(text);
		return TH_ETOOBIG;
	}
	memcpy(buf + *used, text, n + 1);
	*used += n;
	free(text);
	return 0;
}

int
tbgen_dnssec_dnskey_text(struct tbgen_dnssec *ks, const char *owner,
                         uint8_t alg, unsigned index, uint32_t ttl, char *buf,
                         size_t size)
{
	ldns_key **slot = key_slot(ks, alg, true, index);
	ldns_rdf *o;
	ldns_rr *rr;
	size_t used = 0;
	int rc;

	if (slot == NULL || *slot == NULL)
		return TH_EINVAL;
	if ((o = ldns_dname_new_frm_str(owner)) == NULL)
		return TH_ENOMEM;
	rr = key_dnskey(*slot, o, ttl);
	ldns_rdf_deep_free(o);
	if (rr == NULL)
		return TH_ECRYPTO;
	buf[0] = '\0';
	rc = rr_append(rr, buf, size, &used);
	ldns_rr_free(rr);
	return rc;
}

int
tbgen_dnssec_ds_text(struct tbgen_dnssec *ks, const char *owner,
                     const struct tbgen_sec *sec, uint32_t ttl, char *buf,
                     size_t size)
{
	static const struct {
		unsigned bit;
		ldns_hash hash;
	} digests[] = {
	    {TBGEN_DIGEST_SHA1, LDNS_SHA1},
	    {TBGEN_DIGEST_SHA256, LDNS_SHA256},
	    {TBGEN_DIGEST_SHA384, LDNS_SHA384},
	};
	ldns_key **slot = key_slot(ks, sec->ds_alg, true, sec->ds_key);
	ldns_rdf *o;
	ldns_rr *dnskey;
	size_t used = 0;
	int rc = 0;

	if (slot == NULL || *slot == NULL)
		return TH_EINVAL;
	if ((o = ldns_dname_new_frm_str(owner)) == NULL)
		return TH_ENOMEM;
	dnskey = key_dnskey(*slot, o, ttl);
	ldns_rdf_deep_free(o);
	if (dnskey == NULL)
		return TH_ECRYPTO;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(digests) / sizeof(digests[0]) && rc == 0;
	     i++) {
		ldns_rr *ds;

		if (!(sec->digests & digests[i].bit))
			continue;
		ds = ldns_key_rr2ds(dnskey, digests[i].hash);
		if (ds == NULL) {
			rc = TH_ECRYPTO;
			break;
		}
		ldns_rr_set_ttl(ds, ttl);
		rc = rr_append(ds, buf, size, &used);
		ldns_rr_free(ds);
	}
	ldns_rr_free(dnskey);
	return rc;
}

/* Prepare a key for signing one zone: owner and validity. */
static int
key_for_zone(ldns_key *k, const ldns_rdf *owner,
             const struct tbgen_sigtimes *times)
{
	int rc = key_set_owner(k, owner);

	ldns_key_set_inception(k, times->inception);
	ldns_key_set_expiration(k, times->expiration);
	ldns_key_set_use(k, true);
	return rc;
}

int
tbgen_dnssec_sign_zone(struct tbgen_dnssec *ks, const char *origin,
                       const char *text, size_t len,
                       const struct tbgen_sec *sec,
                       const struct tbgen_sigtimes *times, FILE *out)
{
	ldns_key **ksk = key_slot(ks, sec->alg, true, sec->ksk);
	ldns_key **zsk = key_slot(ks, sec->alg, false, sec->zsk);
	ldns_dnssec_zone *zone = NULL;
	ldns_key_list *keys = NULL;
	ldns_rr_list *added = NULL;
	ldns_rdf *orig = NULL;
	ldns_status st;
	FILE *in = NULL;
	int rc = 0;

	if (ksk == NULL || *ksk == NULL ||
	    (!sec->csk && (zsk == NULL || *zsk == NULL)))
		return TH_EINVAL;
	if ((orig = ldns_dname_new_frm_str(origin)) == NULL)
		return TH_ENOMEM;
	/* ldns parses from a stream; read the text in place. */
	in = fmemopen((void *)(uintptr_t)text, len, "r");
	if (in == NULL) {
		rc = th_from_errno(errno);
		goto out;
	}
	st = ldns_dnssec_zone_new_frm_fp(&zone, in, orig, 3600,
	                                 LDNS_RR_CLASS_IN);
	if (st != LDNS_STATUS_OK) {
		th_log_error("%s: zone text does not parse: %s", origin,
		             ldns_get_errorstr_by_id(st));
		th_log_debug("%s: the text was:\n%.*s", origin, (int)len, text);
		zone = NULL;
		rc = TH_ESYNTAX;
		goto out;
	}
	keys = ldns_key_list_new();
	added = ldns_rr_list_new();
	if (keys == NULL || added == NULL) {
		rc = TH_ENOMEM;
		goto out;
	}
	for (int i = 0; i < (sec->csk ? 1 : 2); i++) {
		ldns_key *k = i == 0 ? *ksk : *zsk;
		ldns_rr *dnskey;

		if ((rc = key_for_zone(k, orig, times)) != 0)
			goto out;
		if ((dnskey = key_dnskey(k, orig, 3600)) == NULL) {
			rc = TH_ECRYPTO;
			goto out;
		}
		/* The zone owns the record from here on. */
		if (ldns_dnssec_zone_add_rr(zone, dnskey) != LDNS_STATUS_OK) {
			ldns_rr_free(dnskey);
			rc = TH_ECRYPTO;
			goto out;
		}
		ldns_key_list_push_key(keys, k);
	}
	if (sec->denial == TBGEN_DENIAL_NSEC3) {
		uint8_t salt[sizeof(sec->salt)];

		memcpy(salt, sec->salt, sizeof(salt));
		st = ldns_dnssec_zone_sign_nsec3_flg(
		    zone, added, keys, ldns_dnssec_default_replace_signatures,
		    NULL, LDNS_SHA1,
		    sec->optout ? LDNS_NSEC3_VARS_OPTOUT_MASK : 0,
		    sec->iterations, sec->salt_len, salt, 0);
	} else {
		st = ldns_dnssec_zone_sign_flg(
		    zone, added, keys, ldns_dnssec_default_replace_signatures,
		    NULL, 0);
	}
	if (st != LDNS_STATUS_OK) {
		th_log_error("%s: signing failed: %s", origin,
		             ldns_get_errorstr_by_id(st));
		rc = TH_ECRYPTO;
		goto out;
	}
	ldns_dnssec_zone_print_fmt(out, ldns_output_format_nocomments, zone);
	if (ferror(out))
		rc = th_from_errno(errno != 0 ? errno : EIO);
out:
	/* The zone holds every record, parsed and added alike: free it
	 * deeply and the list of added records shallowly. */
	if (zone != NULL)
		ldns_dnssec_zone_deep_free(zone);
	if (added != NULL)
		ldns_rr_list_free(added);
	if (keys != NULL) {
		/* The list borrows the pool's keys. */
		ldns_key_list_set_key_count(keys, 0);
		ldns_key_list_free(keys);
	}
	if (in != NULL)
		fclose(in);
	ldns_rdf_deep_free(orig);
	return rc;
}
