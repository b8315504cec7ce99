/*
 * journey_icu.c
 *		Stage label matching through ICU (public C API only).
 *
 * A label, an alias and every input string are matched through the same
 * key: the text is converted to UTF-16, surrounding white space is trimmed,
 * (for Turkish and Azeri, I and İ are case-folded the Turkic way first), then
 * it is normalised to NFKC_Casefold (compatibility and width folding plus
 * full Unicode case folding: "Ｐｕｒｃｈａｓｅ", "PURCHASE" and "purchase"
 * agree, "Straße" = "STRASSE"), and its sort key is taken with the locale's
 * collator at primary strength (accents, case and width are ignored:
 * "Considération" = "consideration").  Two strings match when their keys
 * are equal.  Stage labels are keyed under the journey's locale, aliases
 * under their own locale; an input is keyed under each locale the journey
 * uses and compared with the keys of that locale.
 *
 * ICU objects: one collator per locale of a journey or alias, opened on
 * first use and kept for the backend's lifetime in a hash table in
 * TopMemoryContext (the set of locales is bounded by the catalog;
 * journey_canonical_locale() closes the collator it opens to check a tag
 * that is not cached); the NFKC_Casefold normaliser is an
 * ICU-owned singleton that is never closed.  A collator is opened into a
 * local variable, checked, and only then stored, so an error cannot leak
 * it; nothing else is allocated by ICU on these paths.
 *
 * Successful matches are memoised per journey (exact input text -> stage),
 * bounded, and dropped with the cache when the catalog changes.
 */
#include "postgres.h"

#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "journey/journey_cache.h"

#define JOURNEY_LOCALE_MAXLEN	ULOC_FULLNAME_CAPACITY
#define JOURNEY_MEMO_KEYSIZE	64
#define JOURNEY_MEMO_MAX		4096

typedef struct JourneyCollator
{
	char		locale[JOURNEY_LOCALE_MAXLEN];	/* hash key */
	UCollator  *coll;
} JourneyCollator;

typedef struct JourneyMemo
{
	char		text[JOURNEY_MEMO_KEYSIZE]; /* hash key */
	int			stage;
} JourneyMemo;

static HTAB *journey_collators = NULL;

/* The primary-strength collator of a locale, opened once per backend. */
static UCollator *
journey_collator(const char *locale)
{
	JourneyCollator *entry;
	bool		found;
	UErrorCode	status = U_ZERO_ERROR;
	UCollator  *coll;

	if (strlen(locale) >= JOURNEY_LOCALE_MAXLEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("locale \"%s\" is too long", locale)));
	if (journey_collators == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = JOURNEY_LOCALE_MAXLEN;
		ctl.entrysize = sizeof(JourneyCollator);
		ctl.hcxt = TopMemoryContext;
		journey_collators = hash_create("cx_metrics ICU collators", 16, &ctl,
										HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	entry = hash_search(journey_collators, locale, HASH_ENTER, &found);
	if (found && entry->coll != NULL)
		return entry->coll;
	entry->coll = NULL;

	{
		/* locales are stored as BCP 47 tags; ucol_open wants an ICU locale ID */
		char		icuid[ULOC_FULLNAME_CAPACITY];
		int32		parsed;

		uloc_forLanguageTag(locale, icuid, sizeof(icuid), &parsed, &status);
		if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		{
			hash_search(journey_collators, locale, HASH_REMOVE, NULL);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("locale \"%s\" is not a valid BCP 47 language tag", locale)));
		}
		status = U_ZERO_ERROR;
		coll = ucol_open(icuid, &status);
	}
	if (U_FAILURE(status))
	{
		hash_search(journey_collators, locale, HASH_REMOVE, NULL);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("could not open an ICU collator for locale \"%s\": %s",
						locale, u_errorName(status))));
	}
	ucol_setStrength(coll, UCOL_PRIMARY);
	entry->coll = coll;
	return coll;
}

/* The NFKC_Casefold normaliser (an ICU singleton). */
static const UNormalizer2 *
journey_normalizer(void)
{
	static const UNormalizer2 *nfkc_cf = NULL;

	if (nfkc_cf == NULL)
	{
		UErrorCode	status = U_ZERO_ERROR;
		const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&status);

		if (U_FAILURE(status))
			elog(ERROR, "could not get the ICU NFKC_Casefold normalizer: %s",
				 u_errorName(status));
		nfkc_cf = n;
	}
	return nfkc_cf;
}

/*
 * Folded UTF-16 form of a string in the server encoding: white space
 * trimmed, NFKC_Casefold applied.  Returns a palloc'd buffer, length in *ulen
 * (0 when nothing is left).
 */
static UChar *
journey_fold(const char *str, int len, bool turkic, int32 *ulen)
{
	const char *utf8 = str;
	UErrorCode	status = U_ZERO_ERROR;
	UChar	   *u,
			   *out;
	int32		n,
				start = 0,
				end,
				cap,
				outlen;

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		utf8 = pg_server_to_any(str, len, PG_UTF8);
		len = strlen(utf8);
	}
	u = palloc((len + 1) * sizeof(UChar));
	u_strFromUTF8(u, len + 1, &n, utf8, len, &status);
	if (U_FAILURE(status))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("stage label is not valid UTF-8")));

	/* trim white space on both ends, code point by code point */
	end = n;
	while (start < end)
	{
		UChar32		c;
		int32		i = start;

		U16_NEXT(u, i, end, c);
		if (!u_isUWhiteSpace(c))
			break;
		start = i;
	}
	while (end > start)
	{
		UChar32		c;
		int32		i = end;

		U16_PREV(u, start, i, c);
		if (!u_isUWhiteSpace(c))
			break;
		end = i;
	}
	if (end == start)
	{
		*ulen = 0;
		return u;
	}

	if (turkic)
	{
		/* Turkish/Azeri: I folds to dotless ı and İ to i, before NFKC_Casefold */
		int32		fcap = 2 * (end - start) + 16;
		UChar	   *folded = palloc(fcap * sizeof(UChar));
		int32		flen = u_strFoldCase(folded, fcap, u + start, end - start,
										 U_FOLD_CASE_EXCLUDE_SPECIAL_I, &status);

		/* full case folding can triple a code unit (U+0390): retry at the size ICU asks */
		if (status == U_BUFFER_OVERFLOW_ERROR)
		{
			status = U_ZERO_ERROR;
			fcap = flen + 1;
			folded = repalloc(folded, fcap * sizeof(UChar));
			flen = u_strFoldCase(folded, fcap, u + start, end - start,
								 U_FOLD_CASE_EXCLUDE_SPECIAL_I, &status);
		}
		if (U_FAILURE(status))
			elog(ERROR, "ICU case folding failed: %s", u_errorName(status));
		pfree(u);
		u = folded;
		start = 0;
		end = flen;
	}
	cap = 2 * (end - start) + 16;
	out = palloc(cap * sizeof(UChar));
	outlen = unorm2_normalize(journey_normalizer(), u + start, end - start,
							  out, cap, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR)
	{
		status = U_ZERO_ERROR;
		cap = outlen + 1;
		out = repalloc(out, cap * sizeof(UChar));
		outlen = unorm2_normalize(journey_normalizer(), u + start, end - start,
								  out, cap, &status);
	}
	if (U_FAILURE(status))
		elog(ERROR, "ICU normalization failed: %s", u_errorName(status));
	pfree(u);
	*ulen = outlen;
	return out;
}

/* True for locales whose case folding of I/i differs (Turkish, Azeri). */
static bool
journey_locale_turkic(const char *locale)
{
	return (strncmp(locale, "tr", 2) == 0 || strncmp(locale, "az", 2) == 0) &&
		(locale[2] == '\0' || locale[2] == '-' || locale[2] == '_');
}

/* Primary-strength sort key of folded text under a locale (palloc'd). */
static uint8 *
journey_sort_key(const UChar *u, int32 ulen, const char *locale, int *keylen)
{
	UCollator  *coll = journey_collator(locale);
	int32		cap = 64 + 2 * ulen;
	uint8	   *key = palloc(cap);
	int32		need = ucol_getSortKey(coll, u, ulen, key, cap);

	if (need > cap)
	{
		key = repalloc(key, need);
		need = ucol_getSortKey(coll, u, ulen, key, need);
	}
	if (need <= 0)
		elog(ERROR, "ICU could not compute a sort key");
	*keylen = need;
	return key;
}

/* Index of locale in j->locales, adding it if absent. */
static int
journey_locale_index(JourneyInfo *j, const char *locale, int *cap)
{
	int			i;

	for (i = 0; i < j->nlocales; i++)
		if (strcmp(j->locales[i], locale) == 0)
			return i;
	if (j->nlocales == *cap)
	{
		*cap *= 2;
		j->locales = repalloc(j->locales, *cap * sizeof(char *));
	}
	j->locales[j->nlocales] = pstrdup(locale);
	return j->nlocales++;
}

static int
journey_key_cmp(const void *a, const void *b)
{
	const JourneyMatchKey *x = a;
	const JourneyMatchKey *y = b;

	if (x->locale != y->locale)
		return x->locale < y->locale ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->stage > y->stage) - (x->stage < y->stage);
}

/* Compute the match keys of every label and alias of j (in the cache context). */
static void
journey_build_keys(JourneyCache *cache, JourneyInfo *j)
{
	MemoryContext old = MemoryContextSwitchTo(cache->cxt);
	int			loccap = 4,
				i,
				k = 0;

	j->nlocales = 0;
	j->locales = palloc(loccap * sizeof(char *));
	(void) journey_locale_index(j, j->locale, &loccap);
	j->keys = palloc(Max(j->nstages + j->naliases, 1) * sizeof(JourneyMatchKey));
	for (i = 0; i < j->nstages; i++)
	{
		int32		ulen;
		UChar	   *u = journey_fold(j->stages[i].label, strlen(j->stages[i].label),
									 journey_locale_turkic(j->locale), &ulen);

		j->keys[k].stage = i;
		j->keys[k].locale = 0;
		j->keys[k].key = journey_sort_key(u, ulen, j->locale, &j->keys[k].len);
		k++;
	}
	for (i = 0; i < j->naliases; i++)
	{
		JourneyAliasInfo *a = &j->aliases[i];
		int32		ulen;
		UChar	   *u = journey_fold(a->alias, strlen(a->alias),
									 journey_locale_turkic(a->locale), &ulen);
		int			li = journey_locale_index(j, a->locale, &loccap);

		j->keys[k].stage = a->stage;
		j->keys[k].locale = li;
		j->keys[k].key = journey_sort_key(u, ulen, a->locale, &j->keys[k].len);
		k++;
	}
	j->nkeys = k;
	for (i = 0; i < k; i++)
		j->keys[i].hash = hash_bytes(j->keys[i].key, j->keys[i].len);
	qsort(j->keys, k, sizeof(JourneyMatchKey), journey_key_cmp);
	{
		HASHCTL		ctl;

		ctl.keysize = JOURNEY_MEMO_KEYSIZE;
		ctl.entrysize = sizeof(JourneyMemo);
		ctl.hcxt = cache->cxt;
		j->memo = hash_create("cx_metrics journey label memo", 64, &ctl,
							  HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	j->keys_built = true;
	MemoryContextSwitchTo(old);
}

/*
 * Match label (len bytes, server encoding, not necessarily NUL-terminated)
 * against the stages of j.  On JM_FOUND *stage is the stage index; on
 * JM_AMBIGUOUS *stage and *other are two of the stages it matches.
 */
JourneyMatch
journey_match_label(JourneyCache *cache, JourneyInfo *j, const char *label,
					int len, int *stage, int *other)
{
	char		memokey[JOURNEY_MEMO_KEYSIZE];
	bool		memoable = len < JOURNEY_MEMO_KEYSIZE;
	UChar	   *u[2] = {NULL, NULL};
	int32		ulen[2] = {0, 0};
	int			li,
				found = -1;

	if (!j->keys_built)
		journey_build_keys(cache, j);
	if (memoable)
	{
		JourneyMemo *m;

		memset(memokey, 0, sizeof(memokey));
		memcpy(memokey, label, len);
		m = hash_search(j->memo, memokey, HASH_FIND, NULL);
		if (m != NULL)
		{
			*stage = m->stage;
			return JM_FOUND;
		}
	}

	for (li = 0; li < j->nlocales; li++)
	{
		int			keylen,
					lo,
					hi,
					k;
		int			t = journey_locale_turkic(j->locales[li]) ? 1 : 0;
		uint8	   *key;
		uint32		h;

		if (u[t] == NULL)
			u[t] = journey_fold(label, len, t == 1, &ulen[t]);
		if (ulen[t] == 0)
			return JM_UNKNOWN;
		key = journey_sort_key(u[t], ulen[t], j->locales[li], &keylen);
		h = hash_bytes(key, keylen);

		/* first key with (locale, hash) >= (li, h) */
		lo = 0;
		hi = j->nkeys;
		while (lo < hi)
		{
			int			mid = (lo + hi) / 2;
			JourneyMatchKey *mk = &j->keys[mid];

			if (mk->locale < li || (mk->locale == li && mk->hash < h))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = lo; k < j->nkeys && j->keys[k].locale == li && j->keys[k].hash == h; k++)
		{
			JourneyMatchKey *mk = &j->keys[k];

			if (mk->len != keylen || memcmp(mk->key, key, keylen) != 0)
				continue;
			if (found < 0)
				found = mk->stage;
			else if (found != mk->stage)
			{
				*stage = found;
				*other = mk->stage;
				pfree(key);
				return JM_AMBIGUOUS;
			}
		}
		pfree(key);
	}
	if (found < 0)
		return JM_UNKNOWN;
	*stage = found;
	if (memoable && hash_get_num_entries(j->memo) < JOURNEY_MEMO_MAX)
	{
		JourneyMemo *m = hash_search(j->memo, memokey, HASH_ENTER, NULL);

		m->stage = found;
	}
	return JM_FOUND;
}

/*
 * Canonical BCP 47 form of a locale tag ("EN_us" is refused, "en-us" gives
 * "en-US"), after checking that ICU parses all of it and opens a collator.
 */
char *
journey_canonical_locale_cstr(const char *locale)
{
	UErrorCode	status = U_ZERO_ERROR;
	char		icuid[ULOC_FULLNAME_CAPACITY];
	char		tag[ULOC_FULLNAME_CAPACITY];
	int32		parsed = 0;
	int			len = strlen(locale);

	if (len == 0 || len >= 64)
		goto bad;
	uloc_forLanguageTag(locale, icuid, sizeof(icuid), &parsed, &status);
	if (U_FAILURE(status) || parsed != len || status == U_STRING_NOT_TERMINATED_WARNING)
		goto bad;
	status = U_ZERO_ERROR;
	uloc_toLanguageTag(icuid, tag, sizeof(tag), true, &status);
	if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING)
		goto bad;
	/*
	 * Check that a collator opens, but cache it only when a journey uses the
	 * locale (journey_collator): this function is callable with any tag, and
	 * caching each would grow the backend without bound.
	 */
	if (journey_collators == NULL ||
		hash_search(journey_collators, tag, HASH_FIND, NULL) == NULL)
	{
		UCollator  *coll;

		status = U_ZERO_ERROR;
		coll = ucol_open(icuid, &status);
		if (U_FAILURE(status))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("could not open an ICU collator for locale \"%s\": %s",
							tag, u_errorName(status))));
		ucol_close(coll);
	}
	return pstrdup(tag);

bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("locale \"%s\" is not a valid BCP 47 language tag", locale),
			 errhint("Use a language tag such as en, de, fr-CA, or und for the root locale.")));
	return NULL;				/* keep compiler quiet */
}

/* Comma-separated list of the stages that accept input (not retired). */
char *
journey_valid_labels(const JourneyInfo *j)
{
	StringInfoData buf;
	int			i,
				n = 0;

	initStringInfo(&buf);
	for (i = 0; i < j->nstages; i++)
	{
		if (j->stages[i].retired)
			continue;
		if (n == 40)
		{
			appendStringInfoString(&buf, ", ...");
			break;
		}
		appendStringInfo(&buf, "%s%s", n++ ? ", " : "", j->stages[i].label);
	}
	if (n == 0)
		appendStringInfoString(&buf, "(none)");
	return buf.data;
}
