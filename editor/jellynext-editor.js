/* Helpers shared by this package's edit dialogs; served as resources/node-red-contrib-jellynext/jellynext-editor.js. */
(function () {
    'use strict';
    window.JellyNextEditor = {
        /**
         * A flow may omit a property (the runtime then uses its default): show that default in the
         * dialog, not an empty or unchecked field that saving would turn into a real value.
         */
        showOmittedDefaults: function (node, prefix) {
            var defaults = (node._def && node._def.defaults) || {};
            Object.keys(defaults).forEach(function (property) {
                if (node[property] !== undefined || defaults[property].type) return;
                var input = $('#' + prefix + '-' + property);
                if (input.attr('type') === 'checkbox') input.prop('checked', defaults[property].value === true);
                else input.val(defaults[property].value);
            });
        }
    };
})();
