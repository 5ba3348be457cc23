//! Every word the widget shows, in English and Spanish, chosen by `locale` and overridable one
//! by one through the config's `strings` (keys are the camelCase names below).

use super::job::step::{LastStatus, LastStep};
use super::pairs::Pairs;

macro_rules! texts {
    ($($variant:ident $key:literal => $en:literal, $es:literal;)*) => {
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
        }
    };
}

texts! {
    CardLabel "cardLabel" => "Verify your identity with your bank", "Verifique su identidad con su banco";
    Continue "continue" => "Continue", "Continuar";
    Sending "sending" => "Sending…", "Enviando…";
    QuestionsHeading "questionsHeading" => "Answer your security questions", "Responda sus preguntas de seguridad";
    MethodsHeading "methodsHeading" => "Where should your bank send a code?", "¿Dónde debe enviarle su banco un código?";
    SendCode "sendCode" => "Send code", "Enviar código";
    CodeHeading "codeHeading" => "Enter the code your bank sent", "Escriba el código que le envió su banco";
    CodeLabel "codeLabel" => "One-time code", "Código de un solo uso";
    PinHeading "pinHeading" => "Enter your PIN", "Escriba su PIN";
    PinLabel "pinLabel" => "Personal PIN", "PIN personal";
    Verify "verify" => "Verify", "Verificar";
    PhoneHeading "phoneHeading" => "Your bank is calling you", "Su banco le está llamando";
    PhoneInstructions "phoneInstructions" => "When the caller asks, read or type this code, then press Verify phone.", "Cuando se lo pidan en la llamada, lea o marque este código y después pulse Verificar teléfono.";
    VerifyPhone "verifyPhone" => "Verify phone", "Verificar teléfono";
    CaptchaHeading "captchaHeading" => "Type the characters in the picture", "Escriba los caracteres de la imagen";
    CaptchaAlt "captchaAlt" => "Security picture from your bank (a captcha)", "Imagen de seguridad de su banco (un captcha)";
    CaptchaLabel "captchaLabel" => "Characters in the picture", "Caracteres de la imagen";
    CaptchaUnreadableHeading "captchaUnreadableHeading" => "Your bank sent a picture we cannot show", "Su banco envió una imagen que no podemos mostrar";
    CaptchaUnreadable "captchaUnreadable" => "The security picture is damaged or not an image. Waiting for your bank to send a new one…", "La imagen de seguridad está dañada o no es una imagen. Esperando a que su banco envíe otra…";
    SuccessHeading "successHeading" => "Your account is connected", "Su cuenta está conectada";
    SuccessText "successText" => "Your bank accepted the verification. You can close this window.", "Su banco aceptó la verificación. Puede cerrar esta ventana.";
    FailureHeading "failureHeading" => "Connection failed", "No se pudo conectar";
    FailureSentence "failureSentence" => "We could not connect your account: {reason} while {step}.", "No pudimos conectar su cuenta: {reason} durante {step}.";
    Rejected "rejected" => "Your bank's service did not accept that answer. Check it and try again.", "El servicio de su banco no aceptó esa respuesta. Revísela e inténtelo de nuevo.";
    SendFailed "sendFailed" => "Your answer could not be sent. Check your connection and try again.", "No se pudo enviar su respuesta. Revise su conexión e inténtelo de nuevo.";
    Reconnecting "reconnecting" => "Reconnecting… Your answers are kept.", "Reconectando… Sus respuestas se conservan.";
    TryAgain "tryAgain" => "Try again", "Reintentar";
    Cancel "cancel" => "Cancel", "Cancelar";
    Cancelled "cancelled" => "You cancelled the verification.", "Canceló la verificación.";
    SessionExpired "sessionExpired" => "Your session has expired. Please start again.", "Su sesión ha caducado. Vuelva a empezar.";
    JobNotFound "jobNotFound" => "We could not find this connection request. Please start again.", "No encontramos esta solicitud de conexión. Vuelva a empezar.";
    StepLogIn "stepLogIn" => "Signing in to your bank…", "Iniciando sesión en su banco…";
    StepQuestions "stepQuestions" => "Checking your answers…", "Comprobando sus respuestas…";
    StepMethods "stepMethods" => "Asking your bank to send a code…", "Pidiendo a su banco que envíe un código…";
    StepCode "stepCode" => "Checking your code…", "Comprobando su código…";
    StepAccounts "stepAccounts" => "Finding your accounts…", "Buscando sus cuentas…";
    StepSummary "stepSummary" => "Reading your account summary…", "Leyendo el resumen de su cuenta…";
    StepTransactions "stepTransactions" => "Reading recent transactions…", "Leyendo los movimientos recientes…";
    StepDownload "stepDownload" => "Downloading your statements…", "Descargando sus extractos…";
    StepOther "stepOther" => "Connecting to your bank…", "Conectando con su banco…";
    WhereLogIn "whereLogIn" => "signing in", "el inicio de sesión";
    WhereQuestions "whereQuestions" => "the security questions", "las preguntas de seguridad";
    WhereMethods "whereMethods" => "choosing where to send the code", "la elección del envío del código";
    WhereCode "whereCode" => "checking the code", "la comprobación del código";
    WhereAccounts "whereAccounts" => "listing your accounts", "la lista de sus cuentas";
    WhereSummary "whereSummary" => "reading the account summary", "la lectura del resumen de cuenta";
    WhereTransactions "whereTransactions" => "reading transactions", "la lectura de movimientos";
    WhereDownload "whereDownload" => "downloading statements", "la descarga de extractos";
    WhereOther "whereOther" => "an unknown step", "un paso desconocido";
    ReasonTimeout "reasonTimeout" => "the bank took too long to answer", "el banco tardó demasiado en responder";
    ReasonIncorrect "reasonIncorrect" => "the bank did not accept the answer", "el banco no aceptó la respuesta";
    ReasonLocked "reasonLocked" => "the bank has locked the account", "el banco ha bloqueado la cuenta";
    ReasonNone "reasonNone" => "the bank gave no reason", "el banco no dio ningún motivo";
    ReasonOther "reasonOther" => "the bank reported a problem", "el banco informó de un problema";
    TimeLeft "timeLeft" => "Time left: {time}", "Tiempo restante: {time}";
}

/// The shipped languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    English,
    Spanish,
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
    /// `locale` is a BCP 47 tag (`es`, `es-MX`, `en-US`; anything else is English); an
    /// override with an unknown key is an error naming it.
    pub fn new(locale: Option<&str>, overrides: &Pairs) -> Result<Strings, String> {
        let language = locale
            .unwrap_or("en")
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let locale = if language == "es" {
            Locale::Spanish
        } else {
            Locale::English
        };
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
        }
    }

    /// The sentence for a failed job, from `LastStep` and `LastStatus`.
    pub fn failure(&self, step: Option<LastStep>, status: Option<LastStatus>) -> String {
        self.get(Text::FailureSentence)
            .replace("{reason}", self.get(reason(status)))
            .replace("{step}", self.get(place(step)))
    }

    /// What the bank is doing while the job is at `step` (the waiting text).
    pub fn activity(&self, step: Option<LastStep>) -> &str {
        self.get(activity(step))
    }
}

fn activity(step: Option<LastStep>) -> Text {
    match step {
        Some(LastStep::LogInPanel) => Text::StepLogIn,
        Some(LastStep::SecurityQuestionPanel) => Text::StepQuestions,
        Some(LastStep::TokenMethods) => Text::StepMethods,
        Some(LastStep::TokenInput) => Text::StepCode,
        Some(LastStep::AccountList) => Text::StepAccounts,
        Some(LastStep::AccountSummary) => Text::StepSummary,
        Some(LastStep::TransactionTable) => Text::StepTransactions,
        Some(LastStep::DownloadDialog) => Text::StepDownload,
        Some(LastStep::Other) | None => Text::StepOther,
    }
}

fn place(step: Option<LastStep>) -> Text {
    match step {
        Some(LastStep::LogInPanel) => Text::WhereLogIn,
        Some(LastStep::SecurityQuestionPanel) => Text::WhereQuestions,
        Some(LastStep::TokenMethods) => Text::WhereMethods,
        Some(LastStep::TokenInput) => Text::WhereCode,
        Some(LastStep::AccountList) => Text::WhereAccounts,
        Some(LastStep::AccountSummary) => Text::WhereSummary,
        Some(LastStep::TransactionTable) => Text::WhereTransactions,
        Some(LastStep::DownloadDialog) => Text::WhereDownload,
        Some(LastStep::Other) | None => Text::WhereOther,
    }
}

fn reason(status: Option<LastStatus>) -> Text {
    match status {
        Some(LastStatus::TimedOut) => Text::ReasonTimeout,
        Some(LastStatus::Incorrect) => Text::ReasonIncorrect,
        Some(LastStatus::Locked) => Text::ReasonLocked,
        Some(LastStatus::Other) => Text::ReasonOther,
        None => Text::ReasonNone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_in_both_languages() {
        let en = Strings::default();
        let es = Strings::new(Some("es-MX"), &Pairs::default()).unwrap();
        for text in Text::ALL {
            assert!(
                !en.get(*text).is_empty() && !es.get(*text).is_empty(),
                "{text:?}"
            );
            assert_ne!(en.get(*text), es.get(*text), "{text:?} is not translated");
        }
        assert_eq!(es.get(Text::Continue), "Continuar");
        assert_eq!(
            Strings::new(Some("fr"), &Pairs::default())
                .unwrap()
                .get(Text::Continue),
            "Continue"
        );
    }

    #[test]
    fn overrides_by_key() {
        let strings = Strings::new(Some("en"), &Pairs::from([("continue", "Next")])).unwrap();
        assert_eq!(strings.get(Text::Continue), "Next");
        assert_eq!(strings.get(Text::SendCode), "Send code");
        assert_eq!(
            Strings::new(None, &Pairs::from([("nope", "x")])),
            Err("nope".into())
        );
    }

    #[test]
    fn failure_sentences() {
        let es = Strings::new(Some("es"), &Pairs::default()).unwrap();
        assert_eq!(
            es.failure(Some(LastStep::TokenInput), Some(LastStatus::TimedOut)),
            "No pudimos conectar su cuenta: el banco tardó demasiado en responder durante la comprobación del código."
        );
        assert_eq!(
            Strings::default().failure(Some(LastStep::TokenInput), Some(LastStatus::TimedOut)),
            "We could not connect your account: the bank took too long to answer while checking the code."
        );
    }
}
