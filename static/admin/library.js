/* The media library in the back office: choosers (armcms/backoffice/choosers.py),
   the focal point picker, images from the library in the rich-text editor, and
   bulk upload with a progress bar per file. Everything here has a plain-form
   fallback: without it, a chooser takes the record's number, the focal point
   its coordinates, and bulk upload sends all files at once. */
'use strict';
{
    const $ = window.django && window.django.jQuery;

    async function summary(url, id) {
        const response = await fetch(url.replace('/0/summary/', `/${encodeURIComponent(id)}/summary/`), {
            headers: {Accept: 'application/json'}, credentials: 'same-origin'
        });
        return response.ok ? response.json() : null;
    }

    function setUpChooser(chooser) {
        const input = chooser.querySelector('.chooser__key');
        const chosen = chooser.querySelector('.chooser__chosen');
        const empty = chooser.querySelector('.chooser__empty');
        const title = chooser.querySelector('.chooser__title');
        const thumbnail = chooser.querySelector('.chooser__thumbnail');
        const clear = chooser.querySelector('.chooser__clear');
        chooser.querySelector('.chooser__key-label').classList.add('chooser__key-label--hidden');
        async function show() {
            const found = input.value ? await summary(chooser.dataset.summaryUrl, input.value) : null;
            chosen.hidden = !found;
            empty.hidden = Boolean(found);
            clear.hidden = !found;
            if (found) {
                title.textContent = found.title;
                if (thumbnail) {
                    thumbnail.src = found.thumbnail;
                }
            }
        }
        clear.addEventListener('click', () => {
            input.value = '';
            show();
        });
        // Django's pop-ups tell the field through jQuery.
        if ($) {
            $(input).on('change', show);
        }
        input.addEventListener('change', show);
    }

    function setUpFocalPicker(picker) {
        const image = picker.querySelector('img');
        const mark = picker.querySelector('.focal-picker__mark');
        const form = picker.closest('form');
        const x = form.querySelector('.focal-x');
        const y = form.querySelector('.focal-y');
        const width = Number(picker.dataset.width);
        const height = Number(picker.dataset.height);
        function place() {
            if (x.value === '' || y.value === '') {
                mark.hidden = true;
                return;
            }
            mark.hidden = false;
            mark.style.left = `${(Number(x.value) + 0.5) / width * 100}%`;
            mark.style.top = `${(Number(y.value) + 0.5) / height * 100}%`;
        }
        image.addEventListener('click', (event) => {
            const box = image.getBoundingClientRect();
            x.value = Math.min(width - 1, Math.max(0, Math.floor((event.clientX - box.left) / box.width * width)));
            y.value = Math.min(height - 1, Math.max(0, Math.floor((event.clientY - box.top) / box.height * height)));
            place();
        });
        x.addEventListener('input', place);
        y.addEventListener('input', place);
        place();
    }

    function setUpEditorButton(textarea, urls) {
        const holder = document.createElement('p');
        holder.className = 'editor-library';
        const input = document.createElement('input');
        input.type = 'hidden';
        input.id = `library_for_${textarea.id}`;
        const link = document.createElement('a');
        link.href = `${urls.dataset.images}?_to_field=id`;
        link.className = 'related-lookup chooser__button';
        link.id = `lookup_${input.id}`;
        link.textContent = urls.dataset.insertLabel;
        holder.append(input, link);
        const wrapper = textarea.closest('.ck-editor-container') || textarea.parentElement;
        wrapper.after(holder);
        async function insert() {
            const found = input.value ? await summary(urls.dataset.summary, input.value) : null;
            const editor = window.editors && window.editors[textarea.id];
            if (found && editor) {
                editor.execute('insertImage', {source: [{src: found.url, alt: found.alt}]});
                editor.editing.view.focus();
            }
            input.value = '';
        }
        if ($) {
            $(input).on('change', insert);
        }
    }

    function setUpBulkUpload(form) {
        const field = form.querySelector('input[type=file]');
        const zone = form.querySelector('[data-drop-zone]');
        const results = document.querySelector('[data-results]');
        const token = form.querySelector('[name=csrfmiddlewaretoken]').value;
        // Each file gets its line and bar at once, then they are sent one
        // after another: the server makes each one's renditions in turn.
        function queue(file) {
            const item = document.createElement('li');
            item.className = 'bulk-upload__result';
            const name = document.createElement('strong');
            name.textContent = file.name;
            const progress = document.createElement('progress');
            progress.max = 100;
            progress.value = 0;
            progress.setAttribute('aria-label', file.name);
            item.append(name, ' ', progress);
            results.append(item);
            return () => send(file, item, progress);
        }
        function send(file, item, progress) {
            return new Promise((resolve) => {
                const data = new FormData();
                data.append('csrfmiddlewaretoken', token);
                data.append('files', file);
                const request = new XMLHttpRequest();
                request.open('POST', form.action || window.location.href);
                request.setRequestHeader('Accept', 'application/json');
                request.upload.addEventListener('progress', (event) => {
                    if (event.lengthComputable) {
                        progress.value = Math.round(event.loaded / event.total * 100);
                    }
                });
                request.addEventListener('load', () => {
                    progress.remove();
                    let body = {};
                    try {
                        body = JSON.parse(request.responseText);
                    } catch (error) {
                        body = {error: request.statusText};
                    }
                    if (body.error) {
                        item.classList.add('bulk-upload__result--error');
                        item.append(`: ${body.error}`);
                        return;
                    }
                    const image = document.createElement('img');
                    image.src = body.thumbnail;
                    image.alt = '';
                    image.width = 80;
                    const link = document.createElement('a');
                    link.href = body.change_url;
                    link.textContent = body.title;
                    item.replaceChildren(image, ' ', link);
                    if (!body.created) {
                        item.append(` — ${form.dataset.duplicateLabel || ''}`);
                    }
                });
                request.addEventListener('error', () => {
                    progress.remove();
                    item.classList.add('bulk-upload__result--error');
                    item.append(`: ${form.dataset.failedLabel || ''}`);
                });
                request.addEventListener('loadend', resolve);
                request.send(data);
            });
        }
        async function sendAll(files) {
            const jobs = Array.from(files).slice(0, Number(form.dataset.maxFiles || 50)).map(queue);
            field.value = '';
            for (const job of jobs) {
                await job();
            }
        }
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            sendAll(field.files);
        });
        field.addEventListener('change', () => sendAll(field.files));
        ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (event) => {
            event.preventDefault();
            zone.classList.add('bulk-upload__drop--over');
        }));
        ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, (event) => {
            event.preventDefault();
            zone.classList.remove('bulk-upload__drop--over');
        }));
        zone.addEventListener('drop', (event) => sendAll(event.dataTransfer.files));
    }

    function start() {
        document.querySelectorAll('.chooser').forEach(setUpChooser);
        document.querySelectorAll('.focal-picker').forEach(setUpFocalPicker);
        document.querySelectorAll('[data-bulk-upload]').forEach(setUpBulkUpload);
        const urls = document.getElementById('library-urls');
        if (urls) {
            document.querySelectorAll('textarea.django_ckeditor_5').forEach(
                (textarea) => setUpEditorButton(textarea, urls)
            );
        }
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
    // Sections added to a page's form bring their own choosers.
    document.addEventListener('formset:added', (event) => {
        event.target.querySelectorAll('.chooser').forEach(setUpChooser);
    });
}
