// Passkeys in the browser: sign-in (button and autofill) on the home page, adding one on the
// passkeys page. The server speaks the WebAuthn Level 3 JSON forms; where the browser lacks
// PublicKeyCredential.parse…FromJSON and toJSON, the conversions below do the same.
(function () {
  'use strict';

  function fromBase64url(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (c) { return { type: c.type, id: fromBase64url(c.id), transports: c.transports }; });
  }

  function creationOptions(json) {
    if (PublicKeyCredential.parseCreationOptionsFromJSON) {
      return PublicKeyCredential.parseCreationOptionsFromJSON(json);
    }
    var options = Object.assign({}, json);
    options.challenge = fromBase64url(json.challenge);
    options.user = Object.assign({}, json.user, { id: fromBase64url(json.user.id) });
    options.excludeCredentials = descriptors(json.excludeCredentials);
    return options;
  }

  function requestOptions(json) {
    if (PublicKeyCredential.parseRequestOptionsFromJSON) {
      return PublicKeyCredential.parseRequestOptionsFromJSON(json);
    }
    var options = Object.assign({}, json);
    options.challenge = fromBase64url(json.challenge);
    options.allowCredentials = descriptors(json.allowCredentials);
    return options;
  }

  function credentialJson(credential) {
    if (typeof credential.toJSON === 'function') {
      return credential.toJSON();
    }
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) { response.userHandle = toBase64url(r.userHandle); }
    }
    return { id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type, response: response,
      clientExtensionResults: credential.getClientExtensionResults(), authenticatorAttachment: credential.authenticatorAttachment };
  }

  function post(url, body, csrf) {
    var headers = { 'Accept': 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (csrf) { headers['X-CSRF-Token'] = csrf; }
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (!response.ok) {
            var error = new Error(json.detail || json.title || ('HTTP ' + response.status));
            error.code = json.code;
            throw error;
          }
          return json;
        });
      });
  }

  function show(element, message) {
    if (element) { element.textContent = message; element.hidden = false; }
  }

  // --- sign-in on the home page
  var signInButton = document.getElementById('passkey-sign-in');
  if (signInButton && window.PublicKeyCredential) {
    var status = document.getElementById('passkey-status');
    var returnTo = signInButton.getAttribute('data-return-to') || '';
    var autofill = null;

    var finish = function (credential) {
      var query = returnTo ? '?return_to=' + encodeURIComponent(returnTo) : '';
      return post('/api/auth/passkey' + query, credentialJson(credential)).then(function (answer) {
        window.location.assign(answer.return_to);
      });
    };

    signInButton.hidden = false;
    signInButton.addEventListener('click', function () {
      if (autofill) { autofill.abort(); }
      post('/api/auth/passkey/options').then(function (options) {
        return navigator.credentials.get({ publicKey: requestOptions(options) });
      }).then(finish).catch(function (error) {
        show(status, 'Signing in with a passkey did not work: ' + error.message);
      });
    });

    // conditional mediation: the browser offers passkeys in the username field's autofill
    if (PublicKeyCredential.isConditionalMediationAvailable) {
      PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (!available) { return; }
        autofill = new AbortController();
        var signal = autofill.signal;
        post('/api/auth/passkey/options').then(function (options) {
          return navigator.credentials.get({ publicKey: requestOptions(options), mediation: 'conditional', signal: signal });
        }).then(finish).catch(function (error) {
          if (error.name !== 'AbortError') { show(status, 'Signing in with a passkey did not work: ' + error.message); }
        });
      });
    }
  }

  // --- a passkey as the second factor of a step-up
  var stepUpButton = document.getElementById('passkey-step-up');
  if (stepUpButton && window.PublicKeyCredential) {
    var stepUpStatus = document.getElementById('passkey-status');
    var stepUpCsrf = stepUpButton.getAttribute('data-csrf');
    stepUpButton.hidden = false;
    stepUpButton.addEventListener('click', function () {
      post('/api/me/passkeys/step-up/options', undefined, stepUpCsrf).then(function (options) {
        return navigator.credentials.get({ publicKey: requestOptions(options) });
      }).then(function (credential) {
        return post('/api/me/passkeys/step-up', credentialJson(credential), stepUpCsrf);
      }).then(function () {
        window.location.assign(stepUpButton.getAttribute('data-rd'));
      }).catch(function (error) {
        show(stepUpStatus, 'Confirming with a passkey did not work: ' + error.message);
      });
    });
  }

  // --- adding a passkey on the passkeys page
  var addButton = document.getElementById('add-passkey');
  if (addButton && window.PublicKeyCredential) {
    var addStatus = document.getElementById('passkey-status');
    var csrf = addButton.getAttribute('data-csrf');
    addButton.hidden = false;
    addButton.addEventListener('click', function () {
      var nameField = document.getElementById('passkey-name');
      var name = nameField && nameField.value.trim() ? nameField.value.trim() : null;
      post('/api/me/passkeys/options', undefined, csrf).then(function (options) {
        return navigator.credentials.create({ publicKey: creationOptions(options) });
      }).then(function (credential) {
        return post('/api/me/passkeys', { name: name, credential: credentialJson(credential) }, csrf);
      }).then(function () {
        window.location.assign('/account/passkeys?notice=added');
      }).catch(function (error) {
        show(addStatus, 'Adding the passkey did not work: ' + error.message);
      });
    });
  }
}());
