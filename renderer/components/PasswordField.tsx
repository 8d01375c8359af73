/**
 * A locked PDF's password, asked where the PDF is imported and where it is read: the field, and
 * what a wrong answer says. The form around it says what the password is for and what its
 * buttons do.
 */
export function PasswordField(props: { value: string; onChange: (value: string) => void; wrong: boolean; disabled?: boolean }) {
  return (
    <>
      {props.wrong && (
        <p className="problem" role="alert">
          That password is not right. Try again.
        </p>
      )}
      <label>
        Password <input type="password" autoFocus autoComplete="off" required disabled={props.disabled} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
      </label>
    </>
  );
}
