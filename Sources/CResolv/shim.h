// glibc's stub resolver (libresolv): res_nquery and the ns_* parsers for DNS answers.
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <stdlib.h>

// res_ninit and friends are macros over glibc's private names; give Swift plain functions.
static inline int md_res_ninit(res_state state) { return res_ninit(state); }
static inline void md_res_nclose(res_state state) { res_nclose(state); }
static inline int md_res_nquery(res_state state, const char *name, int rrclass, int rrtype,
                                unsigned char *answer, int length) {
    return res_nquery(state, name, rrclass, rrtype, answer, length);
}
static inline res_state md_res_state_new(void) {
    res_state state = (res_state)calloc(1, sizeof(struct __res_state));
    return state;
}
static inline void md_res_state_free(res_state state) { free(state); }
