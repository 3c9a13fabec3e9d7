"""The sitemap of a unit's site in every language it is published in, with hreflang alternates.

Wagtail's own sitemap lists the descendants of the site's root page only, so a site's
English tree (a sibling of its Vietnamese home page) was missing, and nothing told search
engines which pages are translations of which. This one lists the translated trees too
(aliases left out: they repeat the original's text) and gives each page that has
translations its `xhtml:link rel="alternate" hreflang` lines, which Django's sitemap
template writes from `alternates`, the same links as in the page's head.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def _roots(self):
        if not hasattr(self, "_site_roots"):
            root = self.get_wagtail_site().root_page
            translations = Page.objects.filter(translation_key=root.translation_key, alias_of__isnull=True)
            self._default_locale_id = root.locale_id
            self._site_roots = [root, *translations.exclude(pk=root.pk).only("id", "path", "locale_id")]
        return self._site_roots

    def _in_site(self, queryset):
        within = Q()
        for root in self._roots():
            within |= Q(path__startswith=root.path)
        # An alias in another language's tree is an untranslated copy: it is not a page of its own.
        return queryset.filter(within).filter(Q(alias_of__isnull=True) | Q(locale_id=self._default_locale_id))

    def items(self):
        return self._in_site(Page.objects.live().public()).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        # Wagtail's _urls, with each page's alternates added to its own (first) URL.
        items = list(self.paginator.page(page).object_list)
        alternates = self._alternates({item.translation_key for item in items}) if len(self._roots()) > 1 else {}
        urls, last_mods = [], set()
        for item in items:
            for position, url_info in enumerate(item.get_sitemap_urls(self.request)):
                if position == 0 and len(alternates.get(item.translation_key, ())) > 1:
                    url_info = {**url_info, "alternates": alternates[item.translation_key]}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, translation_keys):
        """{translation key: [{lang_code, location}]} of the live versions in this site, x-default last."""
        versions = (
            self._in_site(Page.objects.live().public().filter(translation_key__in=translation_keys))
            .exclude(alias_of__isnull=False)
            .select_related("locale")
            .only("id", "path", "url_path", "depth", "translation_key", "locale__language_code")
        )
        order = {code: position for position, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
        found = defaultdict(list)
        for version in versions:
            location = version.get_full_url(self.request)
            if location:
                found[version.translation_key].append({"lang_code": version.locale.language_code, "location": location})
        for links in found.values():
            links.sort(key=lambda link: order.get(link["lang_code"], len(order)))
            # Readers whose language is none of these are sent to the Vietnamese original.
            default = next((link for link in links if link["lang_code"] == settings.LANGUAGE_CODE), None)
            if default is not None and len(links) > 1:
                links.append({"lang_code": "x-default", "location": default["location"]})
        return found
