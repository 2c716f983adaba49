/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * trust.c -- the chain of trust, zone by zone, over fetched answers.
 */
#include "engine/trust.h"

#include "common/err.h"

#include <string.h>

static const char *const status_names[] = {
#define TH_TRUST_STATUS_NAME(name, text) text,
    TH_TRUST_STATUS_MAP(TH_TRUST_STATUS_NAME)
#undef TH_TRUST_STATUS_NAME
};

const char *
th_trust_status_name(enum th_trust_status s)
{
	return (unsigned)s < TH_TRUST__STATUSES ? status_names[s] : "?";
}

/*
 * The root's key-signing keys as IANA publishes them (root-anchors.xml;
 * Debian's dns-root-data root.ds): KSK-2017 and KSK-2024, RSASHA256,
 * SHA-256 digests.
 */
static const struct {
	uint16_t keytag;
	uint8_t alg, dtype;
	const char *hex;
} iana_root_ds[] = {
    {20326, 8, 2,
     "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"},
    {38696, 8, 2,
     "683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"},
};

static unsigned
hexval(char c)
{
	return c <= '9' ? (unsigned)(c - '0')
	                : (unsigned)((c | 0x20) - 'a' + 10);
}

void
th_trust_anchor_default(struct th_trust_anchor *a)
{
	memset(a, 0, sizeof(*a));
	th_dname_set_root(&a->owner);
	for (size_t i = 0; i < sizeof(iana_root_ds) / sizeof(iana_root_ds[0]);
	     i++) {
		uint8_t *r = a->rr[i].rdata;
		size_t dlen = strlen(iana_root_ds[i].hex) / 2;

		r[0] = (uint8_t)(iana_root_ds[i].keytag >> 8);
		r[1] = (uint8_t)iana_root_ds[i].keytag;
		r[2] = iana_root_ds[i].alg;
		r[3] = iana_root_ds[i].dtype;
		for (size_t k = 0; k < dlen; k++)
			r[4 + k] =
			    (uint8_t)(hexval(iana_root_ds[i].hex[2 * k]) << 4 |
			              hexval(iana_root_ds[i].hex[2 * k + 1]));
		a->rr[i].type = TH_T_DS;
		a->rr[i].len = (uint16_t)(4 + dlen);
		a->n++;
	}
}

int
th_trust_anchor_add(struct th_trust_anchor *a, const struct th_dname *owner,
                    uint16_t type, const uint8_t *rdata, size_t len)
{
	if ((type != TH_T_DS && type != TH_T_DNSKEY) || len < 4 ||
	    len > TH_TRUST_RDMAX)
		return TH_EINVAL;
	if (a->n > 0 && !th_dname_equal(&a->owner, owner))
		return TH_EINVAL;
	if (a->n == TH_TRUST_MAXANCHOR)
		return TH_ETOOBIG;
	a->owner = *owner;
	a->rr[a->n].type = type;
	a->rr[a->n].len = (uint16_t)len;
	memcpy(a->rr[a->n].rdata, rdata, len);
	a->n++;
	return 0;
}

void
th_trust_zone_clear(struct th_trust_zone *z)
{
	for (size_t i = 0; i < z->nkeys; i++)
		th_dsig_key_destroy(&z->keys[i]);
	z->nkeys = 0;
}

static void
verdict(struct th_trust_zone *out, enum th_trust_status s, const char *why)
{
	out->status = (uint8_t)s;
	out->why = why;
	if (s != TH_TRUST_SECURE)
		th_trust_zone_clear(out);
}

/* A usable answer: NOERROR (NODATA included). */
static bool
usable(const struct th_msg *m)
{
	return m != NULL && m->rcode == TH_RCODE_NOERROR;
}

/*
 * Prepare every DNSKEY of zone in m into out->keys; views[i] stays the
 * record of keys[i]. Returns 0, TH_ENOMEM or TH_ECRYPTO.
 */
static int
load_keys(const struct th_msg *m, struct th_trust_zone *out,
          struct th_dsig_rr *views)
{
	size_t n = th_dsig_msg_rrset(m, &out->zone, TH_T_DNSKEY, views,
	                             TH_TRUST_MAXKEYS);
	int rc;

	for (size_t i = 0; i < n; i++) {
		if ((rc = th_dsig_key_new(&views[i], &out->keys[i])) != 0)
			return rc;
		out->nkeys = i + 1;
	}
	return 0;
}

/*
 * The verdict on the zone's DNSKEY RRset in m: secure when one of the
 * trusted keys (trusted[i] for keys[i]) signs it validly at now, else
 * bogus for why. Returns 0, or the signature check's failure (the keys
 * are then released).
 */
static int
keyset_verdict(const struct th_msg *m, struct th_trust_zone *z,
               const bool *trusted, uint64_t now, struct th_buf *scratch,
               const char *why)
{
	struct th_dsig_key *keys[TH_TRUST_MAXKEYS];
	size_t n = 0, nsigs;
	unsigned seen = 0;
	bool valid;
	int rc;

	for (size_t i = 0; i < z->nkeys; i++)
		if (trusted[i])
			keys[n++] = z->keys[i];
	if ((rc = th_dsig_rrset_check(m, &z->zone, TH_T_DNSKEY, keys, n, now,
	                              scratch, &seen, &nsigs, &valid)) != 0) {
		th_trust_zone_clear(z);
		return rc;
	}
	if (valid)
		verdict(z, TH_TRUST_SECURE, NULL);
	else
		verdict(z, TH_TRUST_BOGUS, why);
	return 0;
}

int
th_trust_zone_anchor(const struct th_trust_anchor *a,
                     const struct th_msg *dnskey, uint64_t now,
                     struct th_buf *scratch, struct th_trust_zone *out)
{
	struct th_dsig_rr views[TH_TRUST_MAXKEYS];
	bool trusted[TH_TRUST_MAXKEYS] = {false};
	bool any = false;
	int rc;

	memset(out, 0, sizeof(*out));
	out->zone = a->owner;
	if (!usable(dnskey)) {
		verdict(out, TH_TRUST_INDETERMINATE,
		        "no usable DNSKEY answer from the anchor's zone");
		return 0;
	}
	if ((rc = load_keys(dnskey, out, views)) != 0)
		goto fail;
	for (size_t k = 0; k < out->nkeys; k++)
		for (size_t i = 0; i < a->n && !trusted[k]; i++) {
			struct th_dsig_rr ds = {.owner = &a->owner,
			                        .type = a->rr[i].type,
			                        .rclass = TH_CLASS_IN,
			                        .rdata = a->rr[i].rdata,
			                        .rdlen = a->rr[i].len};
			enum th_dsig_ds_result r;

			if (a->rr[i].type == TH_T_DNSKEY) {
				trusted[k] =
				    views[k].rdlen == a->rr[i].len &&
				    memcmp(views[k].rdata, a->rr[i].rdata,
				           a->rr[i].len) == 0;
			} else {
				if ((rc = th_dsig_ds_match(&ds, &views[k],
				                           &r)) != 0)
					goto fail;
				trusted[k] = r == TH_DSIG_DS_MATCH;
			}
			any |= trusted[k];
		}
	if (!any) {
		verdict(out, TH_TRUST_BOGUS,
		        "no DNSKEY of the zone matches the trust anchor");
		return 0;
	}
	return keyset_verdict(dnskey, out, trusted, now, scratch,
	                      "the DNSKEY RRset has no valid signature by an "
	                      "anchored key");
fail:
	th_trust_zone_clear(out);
	return rc;
}

int
th_trust_ds_check(const struct th_trust_zone *parent,
                  const struct th_dname *child, const struct th_msg *ds,
                  uint64_t now, struct th_buf *scratch, bool *ds_found,
                  bool *valid)
{
	struct th_dsig_rr views[TH_DSIG_MAXSET];
	unsigned seen = 0;
	size_t nsigs;

	*valid = false;
	*ds_found =
	    th_dsig_msg_rrset(ds, child, TH_T_DS, views, TH_DSIG_MAXSET) > 0;
	if (!*ds_found || parent->status != TH_TRUST_SECURE)
		return 0;
	return th_dsig_rrset_check(ds, child, TH_T_DS, parent->keys,
	                           parent->nkeys, now, scratch, &seen, &nsigs,
	                           valid);
}

int
th_trust_zone_child(const struct th_trust_zone *parent,
                    const struct th_dname *zone, const struct th_msg *ds,
                    const struct th_msg *dnskey, uint64_t now,
                    struct th_buf *scratch, struct th_trust_zone *out)
{
	struct th_dsig_rr views[TH_TRUST_MAXKEYS], dsv[TH_DSIG_MAXSET];
	bool trusted[TH_TRUST_MAXKEYS] = {false};
	bool found, valid, checkable = false, any = false, unusable = false;
	struct th_dname name = *zone; /* zone may lie in *out */
	size_t nds;
	int rc;

	memset(out, 0, sizeof(*out));
	out->zone = name;
	zone = &out->zone;
	if (parent->status != TH_TRUST_SECURE) {
		verdict(out, (enum th_trust_status)parent->status,
		        parent->why != NULL ? parent->why
		                            : "the parent zone is not secure");
		return 0;
	}
	if (!usable(ds)) {
		verdict(out, TH_TRUST_INDETERMINATE,
		        "no usable DS answer from the parent zone");
		return 0;
	}
	if ((rc = th_trust_ds_check(parent, zone, ds, now, scratch, &found,
	                            &valid)) != 0)
		return rc;
	if (!found) {
		verdict(out, TH_TRUST_INSECURE, "no DS at the parent zone");
		return 0;
	}
	if (!valid) {
		verdict(out, TH_TRUST_BOGUS,
		        "the DS RRset has no valid signature by the parent");
		return 0;
	}
	if (!usable(dnskey)) {
		verdict(out, TH_TRUST_INDETERMINATE,
		        "no usable DNSKEY answer from the zone");
		return 0;
	}
	if ((rc = load_keys(dnskey, out, views)) != 0)
		goto fail;
	nds = th_dsig_msg_rrset(ds, zone, TH_T_DS, dsv, TH_DSIG_MAXSET);
	for (size_t i = 0; i < nds; i++) {
		if (dsv[i].rdlen >= 4 &&
		    th_dsig_ds_digest_len(dsv[i].rdata[3]) != 0)
			checkable = true;
		for (size_t k = 0; k < out->nkeys; k++) {
			enum th_dsig_ds_result r;

			if ((rc = th_dsig_ds_match(&dsv[i], &views[k], &r)) !=
			    0)
				goto fail;
			if (r != TH_DSIG_DS_MATCH)
				continue;
			if (th_dsig_key_usable(out->keys[k]))
				trusted[k] = any = true;
			else
				unusable = true;
		}
	}
	if (!checkable) {
		verdict(out, TH_TRUST_INSECURE,
		        "no DS with a digest type this build can check");
		return 0;
	}
	if (!any && unusable) {
		verdict(out, TH_TRUST_INSECURE,
		        "the keys the DS names use an algorithm this build "
		        "cannot check");
		return 0;
	}
	if (!any) {
		verdict(out, TH_TRUST_BOGUS, "no DNSKEY matches a DS");
		return 0;
	}
	return keyset_verdict(
	    dnskey, out, trusted, now, scratch,
	    "the DNSKEY RRset has no valid signature by a key "
	    "its DS names");
fail:
	th_trust_zone_clear(out);
	return rc;
}
