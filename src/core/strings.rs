//! Every word the widget shows, in English, Spanish and Canadian French, chosen by `locale`
//! (by default from the browser's languages, then the page's) and overridable one by one
//! through the config's `strings` (keys are the camelCase names below).

use super::job::step::{LastStatus, LastStep};
use super::pairs::Pairs;

macro_rules! texts {
    ($($variant:ident $key:literal => $en:literal, $es:literal, $fr:literal;)*) => {
        /// One string of the interface.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Text { $($variant),* }

        impl Text {
            /// Every string, for overrides by key and for completeness tests.
            pub const ALL: &'static [Text] = &[$(Text::$variant),*];

            /// The key hosts use in `strings` to override it.
            pub fn key(self) -> &'static str {
                match self { $(Text::$variant => $key),* }
            }

            fn english(self) -> &'static str {
                match self { $(Text::$variant => $en),* }
            }

            fn spanish(self) -> &'static str {
                match self { $(Text::$variant => $es),* }
            }

            fn french(self) -> &'static str {
                match self { $(Text::$variant => $fr),* }
            }
        }
    };
}

texts! {
    CardLabel "cardLabel" => "Verify your identity with your bank", "Verifique su identidad con su banco", "Vérifiez votre identité auprès de votre banque";
    Continue "continue" => "Continue", "Continuar", "Continuer";
    Sending "sending" => "Sending…", "Enviando…", "Envoi…";
    QuestionsHeading "questionsHeading" => "Answer your security questions", "Responda sus preguntas de seguridad", "Répondez à vos questions de sécurité";
    MethodsHeading "methodsHeading" => "Where should your bank send a code?", "¿Dónde debe enviarle su banco un código?", "Où votre banque doit-elle envoyer un code?";
    SendCode "sendCode" => "Send code", "Enviar código", "Envoyer le code";
    CodeHeading "codeHeading" => "Enter the code your bank sent", "Escriba el código que le envió su banco", "Entrez le code envoyé par votre banque";
    CodeLabel "codeLabel" => "One-time code", "Código de un solo uso", "Code à usage unique";
    PinHeading "pinHeading" => "Enter your PIN", "Escriba su PIN", "Entrez votre NIP";
    PinLabel "pinLabel" => "Personal PIN", "PIN personal", "NIP personnel";
    Verify "verify" => "Verify", "Verificar", "Vérifier";
    PhoneHeading "phoneHeading" => "Your bank is calling you", "Su banco le está llamando", "Votre banque vous appelle";
    PhoneInstructions "phoneInstructions" => "When the caller asks, read or type this code, then press Verify phone.", "Cuando se lo pidan en la llamada, lea o marque este código y después pulse Verificar teléfono.", "Quand on vous le demandera, lisez ou composez ce code, puis appuyez sur Vérifier le téléphone.";
    VerifyPhone "verifyPhone" => "Verify phone", "Verificar teléfono", "Vérifier le téléphone";
    CaptchaHeading "captchaHeading" => "Type the characters in the picture", "Escriba los caracteres de la imagen", "Tapez les caractères de l’image";
    CaptchaAlt "captchaAlt" => "Security picture from your bank (a captcha)", "Imagen de seguridad de su banco (un captcha)", "Image de sécurité de votre banque (un captcha)";
    CaptchaLabel "captchaLabel" => "Characters in the picture", "Caracteres de la imagen", "Caractères de l’image";
    CaptchaUnreadableHeading "captchaUnreadableHeading" => "Your bank sent a picture we cannot show", "Su banco envió una imagen que no podemos mostrar", "Votre banque a envoyé une image que nous ne pouvons pas afficher";
    CaptchaUnreadable "captchaUnreadable" => "The security picture is damaged or not an image. Waiting for your bank to send a new one…", "La imagen de seguridad está dañada o no es una imagen. Esperando a que su banco envíe otra…", "L’image de sécurité est endommagée ou n’est pas une image. En attente d’une nouvelle image de votre banque…";
    SuccessHeading "successHeading" => "Your account is connected", "Su cuenta está conectada", "Votre compte est connecté";
    SuccessText "successText" => "Your bank accepted the verification. You can close this window.", "Su banco aceptó la verificación. Puede cerrar esta ventana.", "Votre banque a accepté la vérification. Vous pouvez fermer cette fenêtre.";
    FailureHeading "failureHeading" => "Connection failed", "No se pudo conectar", "La connexion a échoué";
    FailureSentence "failureSentence" => "We could not connect your account. {reason} {step}", "No pudimos conectar su cuenta. {reason} {step}", "Nous n’avons pas pu connecter votre compte. {reason} {step}";
    Rejected "rejected" => "Your bank's service did not accept that answer. Check it and try again.", "El servicio de su banco no aceptó esa respuesta. Revísela e inténtelo de nuevo.", "Le service de votre banque n’a pas accepté cette réponse. Vérifiez-la et réessayez.";
    SendFailed "sendFailed" => "Your answer could not be sent. Check your connection and try again.", "No se pudo enviar su respuesta. Revise su conexión e inténtelo de nuevo.", "Votre réponse n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.";
    Reconnecting "reconnecting" => "Reconnecting… Your answers are kept.", "Reconectando… Sus respuestas se conservan.", "Reconnexion… Vos réponses sont conservées.";
    TryAgain "tryAgain" => "Try again", "Reintentar", "Réessayer";
    Cancel "cancel" => "Cancel", "Cancelar", "Annuler";
    Cancelled "cancelled" => "You cancelled the verification.", "Canceló la verificación.", "Vous avez annulé la vérification.";
    SessionExpired "sessionExpired" => "Your session has expired. Please start again.", "Su sesión ha caducado. Vuelva a empezar.", "Votre session a expiré. Veuillez recommencer.";
    JobNotFound "jobNotFound" => "We could not find this connection request. Please start again.", "No encontramos esta solicitud de conexión. Vuelva a empezar.", "Nous ne trouvons pas cette demande de connexion. Veuillez recommencer.";
    StepLogIn "stepLogIn" => "Signing in to your bank…", "Iniciando sesión en su banco…", "Connexion à votre banque…";
    StepQuestions "stepQuestions" => "Checking your answers…", "Comprobando sus respuestas…", "Vérification de vos réponses…";
    StepMethods "stepMethods" => "Asking your bank to send a code…", "Pidiendo a su banco que envíe un código…", "Demande d’envoi d’un code à votre banque…";
    StepCode "stepCode" => "Checking your code…", "Comprobando su código…", "Vérification de votre code…";
    StepAccounts "stepAccounts" => "Finding your accounts…", "Buscando sus cuentas…", "Recherche de vos comptes…";
    StepSummary "stepSummary" => "Reading your account summary…", "Leyendo el resumen de su cuenta…", "Lecture du sommaire de votre compte…";
    StepTransactions "stepTransactions" => "Reading recent transactions…", "Leyendo los movimientos recientes…", "Lecture des opérations récentes…";
    StepDownload "stepDownload" => "Downloading your statements…", "Descargando sus extractos…", "Téléchargement de vos relevés…";
    StepOther "stepOther" => "Connecting to your bank…", "Conectando con su banco…", "Connexion avec votre banque…";
    WhereLogIn "whereLogIn" => "It happened while signing in to your bank.", "Ocurrió al iniciar sesión en su banco.", "C’est arrivé pendant la connexion à votre banque.";
    WhereQuestions "whereQuestions" => "It happened while your bank checked your security answers.", "Ocurrió mientras su banco comprobaba sus respuestas de seguridad.", "C’est arrivé pendant que votre banque vérifiait vos réponses de sécurité.";
    WhereMethods "whereMethods" => "It happened while choosing where to send the code.", "Ocurrió al elegir dónde enviar el código.", "C’est arrivé pendant le choix de l’envoi du code.";
    WhereCode "whereCode" => "It happened while your bank checked the code.", "Ocurrió mientras su banco comprobaba el código.", "C’est arrivé pendant que votre banque vérifiait le code.";
    WhereAccounts "whereAccounts" => "It happened while listing your accounts.", "Ocurrió al buscar sus cuentas.", "C’est arrivé pendant la recherche de vos comptes.";
    WhereSummary "whereSummary" => "It happened while reading your account summary.", "Ocurrió al leer el resumen de su cuenta.", "C’est arrivé pendant la lecture du sommaire de votre compte.";
    WhereTransactions "whereTransactions" => "It happened while reading your transactions.", "Ocurrió al leer sus movimientos.", "C’est arrivé pendant la lecture de vos opérations.";
    WhereDownload "whereDownload" => "It happened while downloading your statements.", "Ocurrió al descargar sus extractos.", "C’est arrivé pendant le téléchargement de vos relevés.";
    WhereOther "whereOther" => "It happened while connecting to your bank.", "Ocurrió al conectar con su banco.", "C’est arrivé pendant la connexion avec votre banque.";
    ReasonTimeout "reasonTimeout" => "Your bank took too long to answer.", "Su banco tardó demasiado en responder.", "Votre banque a mis trop de temps à répondre.";
    ReasonIncorrect "reasonIncorrect" => "Your bank did not accept the answer.", "Su banco no aceptó la respuesta.", "Votre banque n’a pas accepté la réponse.";
    ReasonLocked "reasonLocked" => "Your bank has locked the account.", "Su banco ha bloqueado la cuenta.", "Votre banque a bloqué le compte.";
    ReasonNone "reasonNone" => "Your bank gave no reason.", "Su banco no dio ningún motivo.", "Votre banque n’a donné aucune raison.";
    ReasonOther "reasonOther" => "Your bank reported a problem.", "Su banco informó de un problema.", "Votre banque a signalé un problème.";
    TimeLeft "timeLeft" => "Time left: {time}", "Tiempo restante: {time}", "Temps restant\u{a0}: {time}";
}

/// The shipped languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    English,
    Spanish,
    /// Canadian French (`fr-CA`), for every `fr…` tag.
    French,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::English, Locale::Spanish, Locale::French];

    /// The tag the widget's root carries (`lang`) and the config names it by.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::English => "en",
            Locale::Spanish => "es",
            Locale::French => "fr-CA",
        }
    }

    /// The shipped locale of a BCP 47 tag, by its language (`es-MX` → Spanish, `fr-FR` →
    /// French); `None` for a language not shipped.
    pub fn of_tag(tag: &str) -> Option<Locale> {
        let language = tag.trim().split(['-', '_']).next().unwrap_or("");
        match language.to_ascii_lowercase().as_str() {
            "en" => Some(Locale::English),
            "es" => Some(Locale::Spanish),
            "fr" => Some(Locale::French),
            _ => None,
        }
    }

    /// The locale for `wanted` (the config's `locale`): `auto` or none at all picks the first
    /// of the browser's languages the widget ships, then the page's `lang`, then English;
    /// any other tag is its language if shipped, else English.
    pub fn choose(wanted: Option<&str>, browser: &[String], page: Option<&str>) -> Locale {
        match wanted.map(str::trim) {
            Some(tag) if !tag.eq_ignore_ascii_case("auto") => {
                Locale::of_tag(tag).unwrap_or(Locale::English)
            }
            _ => browser
                .iter()
                .map(String::as_str)
                .chain(page)
                .find_map(Locale::of_tag)
                .unwrap_or(Locale::English),
        }
    }
}

/// The strings one widget shows: a locale plus the host's overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Strings {
    locale: Locale,
    overrides: Vec<(Text, String)>,
}

impl Default for Strings {
    fn default() -> Self {
        Strings {
            locale: Locale::English,
            overrides: Vec::new(),
        }
    }
}

impl Strings {
    /// The strings of `locale` with the host's overrides; an override with an unknown key is
    /// an error naming it.
    pub fn new(locale: Locale, overrides: &Pairs) -> Result<Strings, String> {
        let overrides = overrides
            .iter()
            .map(|(key, value)| {
                let text = Text::ALL
                    .iter()
                    .find(|t| t.key() == key)
                    .ok_or_else(|| key.clone())?;
                Ok((*text, value.clone()))
            })
            .collect::<Result<_, String>>()?;
        Ok(Strings { locale, overrides })
    }

    pub fn get(&self, text: Text) -> &str {
        if let Some((_, value)) = self.overrides.iter().find(|(t, _)| *t == text) {
            return value;
        }
        match self.locale {
            Locale::English => text.english(),
            Locale::Spanish => text.spanish(),
            Locale::French => text.french(),
        }
    }

    /// The language tag of the words shown (the widget root's `lang`, WCAG 3.1.2).
    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    /// The sentence for a failed job, from `LastStep` and `LastStatus`.
    pub fn failure(&self, step: Option<LastStep>, status: Option<LastStatus>) -> String {
        self.get(Text::FailureSentence)
            .replace("{reason}", self.get(reason(status)))
            .replace("{step}", self.get(step_texts(step).1))
    }

    /// What the bank is doing while the job is at `step` (the waiting text).
    pub fn activity(&self, step: Option<LastStep>) -> &str {
        self.get(step_texts(step).0)
    }
}

/// The words for a step: what the bank is doing there (the waiting text), and the sentence
/// saying a failure happened there.
fn step_texts(step: Option<LastStep>) -> (Text, Text) {
    match step {
        Some(LastStep::LogInPanel) => (Text::StepLogIn, Text::WhereLogIn),
        Some(LastStep::SecurityQuestionPanel) => (Text::StepQuestions, Text::WhereQuestions),
        Some(LastStep::TokenMethods) => (Text::StepMethods, Text::WhereMethods),
        Some(LastStep::TokenInput) => (Text::StepCode, Text::WhereCode),
        Some(LastStep::AccountList) => (Text::StepAccounts, Text::WhereAccounts),
        Some(LastStep::AccountSummary) => (Text::StepSummary, Text::WhereSummary),
        Some(LastStep::TransactionTable) => (Text::StepTransactions, Text::WhereTransactions),
        Some(LastStep::DownloadDialog) => (Text::StepDownload, Text::WhereDownload),
        Some(LastStep::Other) | None => (Text::StepOther, Text::WhereOther),
    }
}

fn reason(status: Option<LastStatus>) -> Text {
    match status {
        Some(LastStatus::TimedOut) => Text::ReasonTimeout,
        Some(LastStatus::Incorrect) => Text::ReasonIncorrect,
        Some(LastStatus::Locked) => Text::ReasonLocked,
        Some(LastStatus::AccountsReady | LastStatus::Other) => Text::ReasonOther,
        None => Text::ReasonNone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No shown string is left untranslated: every locale has every string, and each one
    /// differs from the English (nothing was copied across).
    #[test]
    fn every_string_in_every_locale() {
        let en = Strings::default();
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::English) {
            let strings = Strings::new(locale, &Pairs::default()).unwrap();
            for text in Text::ALL {
                let shown = strings.get(*text);
                assert!(!shown.trim().is_empty(), "{locale:?} {text:?}");
                assert_ne!(
                    shown,
                    en.get(*text),
                    "{locale:?} {text:?} is not translated"
                );
                // The placeholders survive translation.
                for hole in ["{reason}", "{step}", "{time}"] {
                    assert_eq!(
                        en.get(*text).contains(hole),
                        shown.contains(hole),
                        "{locale:?} {text:?} {hole}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_locale_from_the_config_the_browser_or_the_page() {
        let langs = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        type Row<'a> = (Option<&'a str>, Vec<String>, Option<&'a str>, Locale);
        let rows: [Row; 10] = [
            (Some("es-MX"), langs(&["fr-CA"]), None, Locale::Spanish),
            (Some("fr"), langs(&[]), None, Locale::French),
            (Some("de"), langs(&["fr-CA"]), None, Locale::English),
            (None, langs(&["fr-CA", "en-CA"]), Some("en"), Locale::French),
            (
                Some("auto"),
                langs(&["de-DE", "es-419"]),
                None,
                Locale::Spanish,
            ),
            (
                Some(" AUTO "),
                langs(&["de"]),
                Some("fr-CA"),
                Locale::French,
            ),
            (None, langs(&["de", "it"]), Some("es"), Locale::Spanish),
            (None, langs(&[]), None, Locale::English),
            (None, langs(&["", "x"]), Some(""), Locale::English),
            (Some("EN-gb"), langs(&["fr"]), None, Locale::English),
        ];
        for (wanted, browser, page, expected) in rows {
            assert_eq!(
                Locale::choose(wanted, &browser, page),
                expected,
                "{wanted:?} {browser:?} {page:?}"
            );
        }
        assert_eq!(
            Strings::new(Locale::French, &Pairs::default())
                .unwrap()
                .lang(),
            "fr-CA"
        );
    }

    #[test]
    fn overrides_by_key() {
        let strings = Strings::new(Locale::English, &Pairs::from([("continue", "Next")])).unwrap();
        assert_eq!(strings.get(Text::Continue), "Next");
        assert_eq!(strings.get(Text::SendCode), "Send code");
        assert_eq!(
            Strings::new(Locale::English, &Pairs::from([("nope", "x")])),
            Err("nope".into())
        );
    }

    #[test]
    fn failure_sentences() {
        let es = Strings::new(Locale::Spanish, &Pairs::default()).unwrap();
        assert_eq!(
            es.failure(Some(LastStep::TokenInput), Some(LastStatus::TimedOut)),
            "No pudimos conectar su cuenta. Su banco tardó demasiado en responder. Ocurrió mientras su banco comprobaba el código."
        );
        assert_eq!(
            Strings::default().failure(Some(LastStep::SecurityQuestionPanel), Some(LastStatus::TimedOut)),
            "We could not connect your account. Your bank took too long to answer. It happened while your bank checked your security answers."
        );
    }

    /// Every failure message a customer can read, every reason × every step × every locale,
    /// as `docs/failure-messages.md` lists them for a person to read: the words are whole
    /// sentences (a reason, then where), and that file is what the widget says.
    /// `MFA_WRITE_DOCS=1 cargo test --lib failure_messages` writes it again.
    #[test]
    fn failure_messages_are_the_ones_a_person_read() {
        let steps: Vec<Option<LastStep>> = LastStep::IN_ORDER
            .into_iter()
            .chain([LastStep::Other])
            .map(Some)
            .chain([None])
            .collect();
        let statuses = [
            Some(LastStatus::TimedOut),
            Some(LastStatus::Incorrect),
            Some(LastStatus::Locked),
            Some(LastStatus::Other),
            None,
        ];
        let mut doc = String::from(
            "# Failure messages\n\nWhat the failure card says, for every reason the job gives \
             (`LastStatus`) at every step it failed at (`LastStep`), in every locale. Generated \
             by `src/core/strings.rs`'s `failure_messages_are_the_ones_a_person_read`, which \
             fails when the words change and this file was not read again.\n",
        );
        for locale in Locale::ALL {
            let strings = Strings::new(locale, &Pairs::default()).unwrap();
            doc += &format!("\n## {}\n\n", locale.tag());
            let mut seen = std::collections::BTreeSet::new();
            for step in &steps {
                for status in statuses {
                    let sentence = strings.failure(*step, status);
                    assert!(sentence.ends_with('.'), "{sentence}");
                    if seen.insert(sentence.clone()) {
                        doc += &format!("- {sentence}\n");
                    }
                }
            }
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/failure-messages.md");
        if std::env::var_os("MFA_WRITE_DOCS").is_some() {
            std::fs::write(path, &doc).unwrap();
        }
        let read = std::fs::read_to_string(path).unwrap_or_default();
        assert!(read == doc, "docs/failure-messages.md is not what the widget says: read the new words, then write it with MFA_WRITE_DOCS=1");
    }
}
