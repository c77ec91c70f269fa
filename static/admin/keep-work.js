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
 * Files cannot be copied: a file the server kept for the form (see
 * armcms/uploads.py) comes back by its token, still good for a day to the
 * same person; a file only chosen in the file input is named, to be chosen
 * again.
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

    // The files of the form: kept by the server (by their token and the
    // text that shows them) or only chosen in a file input (by name).
    function filesOf(form) {
        const files = [];
        for (const input of form.querySelectorAll('input[type="file"]')) {
            if (input.files && input.files.length > 0) {
                const names = Array.from(input.files, (file) => file.name);
                files.push({name: input.name, chosen: names.join(", ")});
            }
        }
        for (const kept of form.querySelectorAll("[data-kept-upload]")) {
            const name = kept.dataset.keptUpload;
            const token = kept.querySelector('input[type="hidden"]');
            const remove = kept.querySelector('input[type="checkbox"]');
            if (!token || (remove && remove.checked) ||
                    files.some((file) => file.name === name)) {
                continue;
            }
            files.push({
                name,
                token: token.value,
                text: kept.querySelector("[data-kept-upload-text]").textContent
                    .replace(/\s+/g, " ").trim(),
                remove: remove && remove.labels.length ? remove.labels[0].textContent : "",
            });
        }
        return files;
    }

    function restoreFiles(form, files, chooseAgain) {
        for (const file of files) {
            const input = form.querySelector(
                `input[type="file"][name="${CSS.escape(file.name)}"]`
            );
            if (!input) {
                continue;
            }
            const place = input.closest("p.file-upload") || input;
            if (!file.token) {
                const note = document.createElement("ul");
                note.className = "errorlist";
                const item = document.createElement("li");
                item.textContent = `${chooseAgain} ${file.chosen}`;
                note.append(item);
                place.before(note);
                continue;
            }
            const kept = document.createElement("p");
            kept.className = "file-upload kept-upload";
            kept.dataset.keptUpload = file.name;
            const token = document.createElement("input");
            token.type = "hidden";
            token.name = `${file.name}-kept`;
            token.value = file.token;
            const text = document.createElement("span");
            text.dataset.keptUploadText = "";
            text.textContent = `${file.text} `;
            const remove = document.createElement("input");
            remove.type = "checkbox";
            remove.name = `${file.name}-kept-remove`;
            remove.id = `${remove.name}_id`;
            const label = document.createElement("label");
            label.htmlFor = remove.id;
            label.textContent = file.remove;
            const box = document.createElement("span");
            box.className = "clearable-file-input";
            box.append(remove, " ", label);
            kept.append(token, text, box);
            place.before(kept);
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
        let stored = false;
        let timer = null;

        function changed(fields = snapshot(form)) {
            return unsavedAtLoad || hasChosenFiles(form) || !same(fields, baseline);
        }

        function save() {
            clearTimeout(timer);
            timer = null;
            const fields = snapshot(form);
            if (changed(fields)) {
                const draft = {savedAt: Date.now(), fields, files: filesOf(form)};
                try {
                    local.setItem(key, JSON.stringify(draft));
                    stored = true;
                } catch {
                    // Storage full: the form still works, unprotected.
                }
            } else if (stored) {
                // Changed back as it was. Only this page's own copy goes: the
                // same form open in another tab may hold one of its own.
                local.removeItem(key);
                stored = false;
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
            // A preview opens in another tab: this form stays, unsaved.
            if (event.submitter && event.submitter.formTarget === "_blank") {
                save();
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
        const files = draft.files || [];
        if (same(draft.fields, baseline) && files.length === 0) {
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
        banner.hidden = false;
        banner.querySelector("[data-keep-work-restore]").addEventListener("click", () => {
            banner.hidden = true;
            offering = false;
            restore(form, draft.fields);
            restoreFiles(form, files, banner.dataset.chooseAgain);
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
