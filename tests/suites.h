/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * suites.h -- the list of unit-test suites; add one row per test file.
 */
#ifndef TH_TESTS_SUITES_H
#define TH_TESTS_SUITES_H

#include <check.h>

#define TH_SUITES(XX)                                                          \
	XX(err)                                                                \
	XX(log)                                                                \
	XX(region)                                                             \
	XX(buf)                                                                \
	XX(dname)                                                              \
	XX(hash)                                                               \
	XX(msg)                                                                \
	XX(addr)                                                               \
	XX(rng)                                                                \
	XX(relay_conf)                                                         \
	XX(relay_wire)                                                         \
	XX(relay_idmap)                                                        \
	XX(tbgen)                                                              \
	XX(hostile)                                                            \
	XX(transport)                                                          \
	XX(resolver)                                                           \
	XX(probe)                                                              \
	XX(srvset)                                                             \
	XX(chain)                                                              \
	XX(zonefile)                                                           \
	XX(domlist)                                                            \
	XX(coord)                                                              \
	XX(wire)                                                               \
	XX(basic)                                                              \
	XX(report)                                                             \
	XX(normalize)                                                          \
	XX(facts)                                                              \
	XX(address)                                                            \
	XX(delegation)                                                         \
	XX(syntax)                                                             \
	XX(iana)                                                               \
	XX(zone)                                                               \
	XX(spf)                                                                \
	XX(connectivity)                                                       \
	XX(ednscomp)                                                           \
	XX(nameserver)                                                         \
	XX(consistency)                                                        \
	XX(evidence)                                                           \
	XX(dnssec_facts)                                                       \
	XX(trust)                                                              \
	XX(dnssec)                                                             \
	XX(asn)                                                                \
	XX(crypto)                                                             \
	XX(dnssec_sig)                                                         \
	XX(nsec)                                                               \
	XX(record)                                                             \
	XX(store)                                                              \
	XX(aggregate)                                                          \
	XX(summary)                                                            \
	XX(escape)                                                             \
	XX(model)

#define TH_SUITE_DECL(name) Suite *suite_##name(void);
TH_SUITES(TH_SUITE_DECL)
#undef TH_SUITE_DECL

#endif
