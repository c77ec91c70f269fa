/*
 * Unsaved text in the back office's change forms is not lost.
 *
 * While someone edits a form (CKEditor 5 writes its text back into its
 * textarea), the form's text, choices and boxes are copied to the browser's
 * localStorage, under the form's address and the user's id, a few seconds
 * after each change and when the form is submitted. When a save does not
 * go through (the session expired and the sign-in page came instead, the
 * browser closed, the connection dropped), the next time the same person
 * opens the same form it offers the text back ("restore" or "discard"),
 * in the banner of templates/admin/change_form.html.
 *
 * A copy is deleted when the save it was made for succeeds (the admin shows
 * a success message on the next page, the list or the form), when it is
 * discarded, when it is older than a week, and when the person signs out.
 *
 * Leaving a form with changes not yet saved asks first (beforeunload);
 * submitting it does not.
 *
 * The script also runs on the lists of content (it is in the admin's media),
 * where it only deletes the copy of a form whose save succeeded.
 */
"use strict";
{
    const PREFIX = "armcms.unsaved:";
    // sessionStorage: the copy of the form this tab submitted last.
    const SUBMITTED = "armcms.unsaved.submitted";
    const MAX_AGE = 7 * 24 * 60 * 60 * 1000;
    const SAVE_DELAY = 1000;
    const SAVE_EVERY = 5000;
    const TEXT_TYPES = new Set([
        "text", "search", "url", "email", "tel", "number", "date", "time",
        "datetime-local",
    ]);

    function store(kind) {
        try {
            const storage = window[kind];
            storage.getItem(PREFIX);
            return storage;
        } catch {
            return null;  // storage turned off, or a sandboxed page
        }
    }

    const local = store("localStorage");
    const session = store("sessionStorage");

    function read(key) {
        try {
            return JSON.parse(local.getItem(key));
        } catch {
            return null;
        }
    }

    function drafts() {
        const keys = [];
        for (let index = 0; index < local.length; index++) {
            const key = local.key(index);
            if (key.startsWith(PREFIX)) {
                keys.push(key);
            }
        }
        return keys;
    }

    function forgetOld() {
        for (const key of drafts()) {
            const draft = read(key);
            if (!draft || !(Date.now() - draft.savedAt < MAX_AGE)) {
                local.removeItem(key);
            }
        }
    }

    function forgetSaved() {
        const submitted = session.getItem(SUBMITTED);
        if (submitted === null) {
            return;
        }
        session.removeItem(SUBMITTED);
        if (document.querySelector(".messagelist .success")) {
            local.removeItem(submitted);
        }
    }

    function controls(form) {
        return Array.from(form.elements).filter((control) => {
            if (!control.name || control.disabled) {
                return false;
            }
            switch (control.tagName) {
            case "TEXTAREA":
            case "SELECT":
                return true;
            case "INPUT":
                return TEXT_TYPES.has(control.type) ||
                    control.type === "checkbox" || control.type === "radio";
            default:
                return false;
            }
        });
    }

    // One entry per control, in the form's order: a box by its name and
    // value, since several can share a name.
    function entryKey(control) {
        const box = control.type === "checkbox" || control.type === "radio";
        return box ? `${control.name}=${control.value}` : control.name;
    }

    function valueOf(control) {
        if (control.type === "checkbox" || control.type === "radio") {
            return control.checked;
        }
        if (control.type === "select-multiple") {
            return Array.from(control.selectedOptions, (option) => option.value);
        }
        return control.value;
    }

    function snapshot(form) {
        return controls(form).map((control) => [entryKey(control), valueOf(control)]);
    }

    function same(first, second) {
        return JSON.stringify(first) === JSON.stringify(second);
    }

    function restore(form, fields) {
        const values = new Map(fields);
        for (const control of controls(form)) {
            const key = entryKey(control);
            if (!values.has(key)) {
                continue;
            }
            const value = values.get(key);
            if (same(valueOf(control), value)) {
                continue;
            }
            if (control.type === "checkbox" || control.type === "radio") {
                control.checked = Boolean(value);
            } else if (control.type === "select-multiple") {
                // Only choices the list offers (an autocomplete list offers
                // the chosen ones alone).
                for (const option of control.options) {
                    option.selected = value.includes(option.value);
                }
            } else if (control.tagName === "SELECT") {
                if (Array.from(control.options).some((o) => o.value === value)) {
                    control.value = value;
                }
            } else {
                control.value = value;
                const editor = window.editors && window.editors[control.id];
                if (editor) {
                    editor.setData(value);
                }
            }
            control.dispatchEvent(new Event("change", {bubbles: true}));
        }
    }

    function hasChosenFiles(form) {
        return Array.from(form.querySelectorAll('input[type="file"]')).some(
            (input) => input.files && input.files.length > 0
        );
    }

    function setUp(banner) {
        const form = banner.closest("form");
        if (!form) {
            return;
        }
        const popup = new URLSearchParams(window.location.search).has("_popup");
        const key = `${PREFIX}${banner.dataset.user}:${window.location.pathname}` +
            (popup ? "?_popup" : "");
        // A form shown again with errors holds what was typed, not saved yet.
        const unsavedAtLoad = Boolean(document.querySelector(".errornote"));
        const baseline = snapshot(form);
        let offering = false;
        let submitting = false;
        let timer = null;

        function changed() {
            return unsavedAtLoad || hasChosenFiles(form) || !same(snapshot(form), baseline);
        }

        function save() {
            clearTimeout(timer);
            timer = null;
            const fields = snapshot(form);
            if (unsavedAtLoad || !same(fields, baseline)) {
                local.setItem(key, JSON.stringify({savedAt: Date.now(), fields}));
            } else {
                local.removeItem(key);
            }
        }

        function saveSoon() {
            if (!offering && timer === null) {
                timer = setTimeout(save, SAVE_DELAY);
            }
        }

        form.addEventListener("input", saveSoon);
        form.addEventListener("change", saveSoon);
        // CKEditor 5 changes its textarea without an event.
        setInterval(() => {
            if (!offering && !submitting) {
                save();
            }
        }, SAVE_EVERY);

        // After every other submit handler, so a submission they stopped
        // still counts as leaving with unsaved changes.
        window.addEventListener("submit", (event) => {
            if (event.target !== form || event.defaultPrevented) {
                return;
            }
            submitting = true;
            offering = false;
            save();
            session.setItem(SUBMITTED, key);
        });

        window.addEventListener("beforeunload", (event) => {
            if (submitting || !changed()) {
                return;
            }
            if (!offering) {
                save();
            }
            event.preventDefault();
            event.returnValue = "";
        });

        const draft = read(key);
        if (!draft || unsavedAtLoad) {
            return;
        }
        if (same(draft.fields, baseline)) {
            local.removeItem(key);
            return;
        }
        offering = true;
        const time = banner.querySelector("[data-keep-work-time]");
        const lang = document.documentElement.lang || undefined;
        time.textContent = new Date(draft.savedAt).toLocaleString(lang, {
            dateStyle: "medium",
            timeStyle: "short",
        });
        time.dateTime = new Date(draft.savedAt).toISOString();
        banner.hidden = false;
        banner.querySelector("[data-keep-work-restore]").addEventListener("click", () => {
            banner.hidden = true;
            offering = false;
            restore(form, draft.fields);
            save();
        });
        banner.querySelector("[data-keep-work-discard]").addEventListener("click", () => {
            banner.hidden = true;
            offering = false;
            local.removeItem(key);
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        if (!local || !session) {
            return;
        }
        forgetOld();
        forgetSaved();
        const logout = document.getElementById("logout-form");
        if (logout) {
            // Nothing typed stays in a shared browser after signing out.
            logout.addEventListener("submit", () => drafts().forEach((key) => {
                local.removeItem(key);
            }));
        }
        const banner = document.querySelector("[data-keep-work]");
        if (banner) {
            setUp(banner);
        }
    });
}
